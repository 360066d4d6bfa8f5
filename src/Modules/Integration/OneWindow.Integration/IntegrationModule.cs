using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Integration.Data;
using OneWindow.Integration.Dispatch;
using OneWindow.Integration.Protection;
using OneWindow.Integration.Subscriptions;
using OneWindow.Shared.Data;
using OneWindow.Shared.Security;

namespace OneWindow.Integration;

/// <summary>
/// Registers the integration module (业务系统对接): the transactional outbox table other modules write through
/// OneWindow.Shared.Events.EventOutbox, webhook subscriptions with encrypted secrets, the dispatcher that delivers
/// events as signed webhooks, and /api/v1/webhooks (docs/integration-webhooks.md).
/// </summary>
public static class IntegrationModule
{
    public const string Name = "integration";

    /// <param name="allowLoopbackHttp">Development and tests: subscriptions may use http://127.0.0.1 or localhost.</param>
    public static IServiceCollection AddIntegrationModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration, AtRestKeys keys, bool allowLoopbackHttp)
    {
        var options = DispatcherOptions.Load(configuration, allowLoopbackHttp);
        services.AddSingleton(options);
        services.AddSingleton(SecretProtector.Load(keys));
        services.AddModuleDbContext<IntegrationDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(IntegrationModule).Assembly));
        services.AddScoped<WebhookDispatcher>();
        services.AddScoped<WebhookSubscriptions>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds))
            // A redirect is an answer other than 2xx (retried), never followed: the signed body goes where it was registered.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        if (options.Enabled)
        {
            services.AddHostedService<WebhookDispatcherService>();
        }

        return services;
    }
}
