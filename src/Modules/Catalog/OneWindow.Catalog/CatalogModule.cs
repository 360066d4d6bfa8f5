using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Directory;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Catalog.Features.Regions;
using OneWindow.Catalog.Features.Search;
using OneWindow.Catalog.Features.Transfer;
using OneWindow.Catalog.Features.Seeding;
using OneWindow.Shared.Data;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Startup;

namespace OneWindow.Catalog;

/// <summary>Registers the service catalogue (事项目录) module: its data, services, start-up seeding and API.</summary>
public static class CatalogModule
{
    public const string Name = "catalog";

    public static IServiceCollection AddCatalogModule(this IServiceCollection services, DatabaseSettings database, CatalogSeedOptions seed)
    {
        services.AddModuleDbContext<CatalogDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(CatalogModule).Assembly));
        services.AddSingleton(seed);
        services.AddScoped<CatalogEditor>();
        services.AddScoped<CatalogReader>();
        services.AddScoped<CatalogAdminQueries>();
        services.AddScoped<CatalogImporter>();
        services.AddScoped<CatalogExporter>();
        services.AddScoped<ImportJobs>();
        services.AddSingleton<ImportSignal>();
        services.AddHostedService<ImportJobWorker>();
        services.AddScoped<CatalogSearch>();
        services.AddScoped<RegionImporter>();
        services.AddScoped<IOrganisationDirectory, CatalogOrganisationDirectory>();
        services.AddScoped<OneWindow.Shared.Catalog.IPublishedItems, CatalogPublishedItems>();
        services.AddScoped<IStartupTask, CatalogSeeder>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CatalogPolicies.Staff, policy => policy.RequireRole(CatalogClaims.Editor, CatalogClaims.Reviewer, CatalogClaims.PlatformAdmin))
            .AddPolicy(CatalogPolicies.PlatformAdmin, policy => policy.RequireRole(CatalogClaims.PlatformAdmin));
        return services;
    }
}
