using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Features.Calls;
using OneWindow.Exchange.Features.DataUse;
using OneWindow.Exchange.Features.Grants;
using OneWindow.Exchange.Features.Holding;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Data;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Registry;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange;

/// <summary>Registers the sharing/exchange module (共享交换): grants, calls under them, the call log, change
/// subscriptions and the citizen's data-use log. It reads resources through
/// <see cref="OneWindow.Shared.Sharing.IDataResourceCatalog"/> and rows through the registry and licence ports.</summary>
public static class ExchangeModule
{
    public const string Name = "exchange";

    /// <summary>Any staff session; what each may do is decided per grant (GrantActor) and per objection.</summary>
    public const string StaffPolicy = "exchange-staff";

    /// <summary>Staff sessions and department systems (client tokens): subscriptions, held rows, resource descriptions.</summary>
    public const string StaffOrSystemPolicy = "exchange-staff-or-system";

    public static IServiceCollection AddExchangeModule(this IServiceCollection services, DatabaseSettings database, AtRestKeys keys)
    {
        services.AddModuleDbContext<ExchangeDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(ExchangeModule).Assembly));
        services.AddSingleton(SubjectIndex.Load(keys));
        services.AddSingleton(ProxySecrets.Load(keys));
        services.AddScoped<ProxySettings>();
        services.AddHttpClient(ProxyRowSource.HttpClientName);
        services.AddScoped<GrantDesk>();
        services.AddScoped<GrantLists>();
        services.AddScoped<ExchangeGateway>();
        services.AddScoped<HeldTables>();
        services.AddScoped<ChangeSubscriptions>();
        services.AddScoped<DataUseLog>();
        services.AddScoped<ResourceApiDescription>();
        // Keyed by the holding each serves: a call builds only its resource's source (and that source's DbContext), not
        // all five (docs/benchmarks.md, "Exchange calls and the call log").
        services.AddKeyedScoped<IRowSource>(ResourceHoldings.PersonRegistry, (sp, _) => new RegistryRowSource(sp.GetRequiredService<IBaseRegistry>(), sp.GetRequiredService<SubjectIndex>(), persons: true));
        services.AddKeyedScoped<IRowSource>(ResourceHoldings.LegalPersonRegistry, (sp, _) => new RegistryRowSource(sp.GetRequiredService<IBaseRegistry>(), sp.GetRequiredService<SubjectIndex>(), persons: false));
        services.AddKeyedScoped<IRowSource>(ResourceHoldings.LicenceLibrary, (sp, _) => new LicenceRowSource(sp.GetRequiredService<ILicenceLibrary>(), sp.GetRequiredService<SubjectIndex>()));
        services.AddKeyedScoped<IRowSource, TableRowSource>(ResourceHoldings.Table);
        services.AddKeyedScoped<IRowSource, ProxyRowSource>(ResourceHoldings.Proxy);
        services.AddHostedService<EscalationService>();
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff))
            .AddPolicy(StaffOrSystemPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff, PlatformClaims.KindClient));
        services.AddExchangeLog(database, keys);
        return services;
    }
}
