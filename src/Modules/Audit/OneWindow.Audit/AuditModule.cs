using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Data;
using OneWindow.Audit.Features.Sealing;
using OneWindow.Audit.Features.Search;
using OneWindow.Audit.Features.Verify;
using OneWindow.Shared.Data;

namespace OneWindow.Audit;

/// <summary>Registers the audit trail: its table, the sealer (on every node; one seals at a time), verify and search.
/// Other modules append entries through OneWindow.Shared.Audit.AuditLog inside their own transactions.</summary>
public static class AuditModule
{
    public const string Name = "audit";

    /// <param name="runSealer">False only where something else seals (tests that must see entries stay unsealed).</param>
    public static IServiceCollection AddAuditModule(this IServiceCollection services, DatabaseSettings database, bool runSealer = true)
    {
        services.AddModuleDbContext<AuditDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(AuditModule).Assembly));
        services.AddScoped<AuditSealer>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditSearch>();
        if (runSealer)
        {
            services.AddHostedService<AuditSealerService>();
        }

        return services;
    }
}
