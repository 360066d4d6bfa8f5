using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Data;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange;

/// <summary>Registers the sharing/exchange module (共享交换): grants, calls under them, the call log, change
/// subscriptions and the citizen's data-use log. It reads resources through
/// <see cref="OneWindow.Shared.Sharing.IDataResourceCatalog"/> and rows through the registry and licence ports.</summary>
public static class ExchangeModule
{
    public const string Name = "exchange";

    public static IServiceCollection AddExchangeModule(this IServiceCollection services, DatabaseSettings database, AtRestKeys keys)
    {
        services.AddDbContext<ExchangeDbContext>(options => options.UseOneWindowDatabase(database));
        services.AddSingleton(new MigrationSource(Name, typeof(ExchangeModule).Assembly));
        services.AddSingleton(SubjectIndex.Load(keys));
        services.AddExchangeLog(database, keys);
        return services;
    }
}
