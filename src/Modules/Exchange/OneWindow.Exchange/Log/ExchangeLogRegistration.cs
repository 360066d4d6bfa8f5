using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Data;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Exchange.Log;

/// <summary>Registers the exchange call log: its DbContext, the group-commit writer (<see cref="IExchangeCallLog"/>),
/// the reader (<see cref="IExchangeLogReader"/>), the sealer and its worker, the verifier, the staff page's link.</summary>
public static class ExchangeLogRegistration
{
    /// <summary>Staff sessions and department systems; what each may read is decided by <see cref="LogAccess"/>.</summary>
    public const string ReaderPolicy = "exchange-log-reader";

    public static IServiceCollection AddExchangeLog(this IServiceCollection services, DatabaseSettings database, AtRestKeys keys)
    {
        services.AddModuleDbContext<ExchangeLogDbContext>(database);
        services.AddSingleton(sp => ExchangeLogOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(LogKeys.Load(keys));
        services.AddSingleton<LogSealSignal>();
        services.AddSingleton<GroupCommitLog>();
        services.AddSingleton<IExchangeCallLog>(sp => sp.GetRequiredService<GroupCommitLog>());
        services.AddScoped<LogQueries>();
        services.AddScoped<IExchangeLogReader>(sp => sp.GetRequiredService<LogQueries>());
        services.AddScoped<LogSealer>();
        services.AddScoped<LogVerifier>();
        services.AddHostedService<LogSealerService>();

        services.AddSingleton(new NavLink(NavSlot.Staff, 92, "/admin/exchange/log", "共享调用日志", "Exchange log", LogAccess.HasLogRole));
        services.AddAuthorizationBuilder().AddPolicy(ReaderPolicy, policy =>
            policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff, PlatformClaims.KindClient));
        return services;
    }
}
