using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Registry.Data;
using OneWindow.Registry.Features.Conflicts;
using OneWindow.Registry.Features.Golden;
using OneWindow.Registry.Features.Import;
using OneWindow.Registry.Features.Ingest;
using OneWindow.Registry.Features.Quality;
using OneWindow.Registry.Features.Reading;
using OneWindow.Registry.Features.Rules;
using OneWindow.Registry.Features.Seeding;
using OneWindow.Shared.Data;
using OneWindow.Shared.Registry;
using OneWindow.Shared.Security;
using OneWindow.Shared.Startup;

namespace OneWindow.Registry;

/// <summary>Registers the base registries (基础信息资源库: 人口库, 法人库) with master data management (主数据管理): sources,
/// provenance, golden records by declared rules, conflicts for data stewards, data quality, and the
/// <see cref="IBaseRegistry"/> port other modules read.</summary>
public static class RegistryModule
{
    public const string Name = "registry";

    /// <summary>Any staff session; what each may do is decided by <see cref="Features.RegistryActor"/> (data_admin, supervisor).</summary>
    public const string StaffPolicy = "registry-staff";

    public static IServiceCollection AddRegistryModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration, bool demoData)
    {
        var options = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        options.DemoData = demoData;
        services.AddSingleton(options);
        services.AddModuleDbContext<RegistryDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(RegistryModule).Assembly));
        services.AddScoped<GoldenBuilder>();
        services.AddScoped<RegistryIngest>();
        services.AddScoped<ConflictDesk>();
        services.AddScoped<RegistryReader>();
        services.AddScoped<QualityReport>();
        services.AddScoped<RuleEditor>();
        services.AddScoped<CsvImport>();
        services.AddScoped<IBaseRegistry, BaseRegistry>();
        services.AddScoped<IStartupTask, RegistrySeeder>();
        services.AddScoped<IStartupTask, RegistryDemoSeeder>();
        services.AddAuthorizationBuilder().AddPolicy(StaffPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff));
        return services;
    }
}
