using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Identity.Features.Enterprises;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Features.Staff;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Data;

namespace OneWindow.Identity;

/// <summary>Registers the unified identity (统一身份认证) module: citizens and enterprises, the keys that protect
/// their data, and the registration rate limit. Missing or malformed keys stop start-up with a message.</summary>
public static class IdentityModule
{
    public const string Name = "identity";
    public const string RegistrationRateLimit = "identity-registration";
    public const string PlatformAdminRole = "platform_admin";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration, bool production)
    {
        var keys = IdentityKeys.LoadOrCreateBeside(configuration, production, database.SqliteFile);
        var perMinute = configuration.GetValue("Identity:Registration:PermitPerMinute", 10);
        services.AddDbContext<IdentityDbContext>(options => options.UseOneWindowDatabase(database));
        services.AddSingleton(new MigrationSource(Name, typeof(IdentityModule).Assembly));
        services.AddSingleton(keys);
        services.AddSingleton<IdentityProtector>();
        services.AddSingleton<IPasswordHasher<IHasCredentials>, PasswordHasher<IHasCredentials>>();
        services.AddSingleton(configuration.GetSection("Identity:SignIn").Get<SignInSettings>() ?? new SignInSettings());
        services.AddScoped<CredentialGuard>();
        services.AddScoped<CitizenRegistration>();
        services.AddScoped<EnterpriseRegistration>();
        services.AddStaffAccounts(configuration);
        services.AddRateLimiter(options =>
        {
            // Per client address, POSTs only (showing the form is free). Behind a proxy, configure forwarded headers
            // so RemoteIpAddress is the caller's.
            options.AddPolicy(RegistrationRateLimit, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString(),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // No body here: the host's status-code pages answer a problem document on the API and a readable page elsewhere.
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }
}
