using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.DataCatalog.Data;
using OneWindow.DataCatalog.Features.Editing;
using OneWindow.DataCatalog.Features.Export;
using OneWindow.DataCatalog.Features.Reading;
using OneWindow.DataCatalog.Features.Search;
using OneWindow.DataCatalog.Features.Seeding;
using OneWindow.Shared.Data;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Shared.Startup;

namespace OneWindow.DataCatalog;

/// <summary>Registers the data resource catalogue (政务信息资源目录) module and its read port <see cref="IDataResourceCatalog"/>.</summary>
public static class DataCatalogModule
{
    public const string Name = "datacatalog";

    /// <summary>Staff sessions and department systems (client tokens); citizens are refused.</summary>
    public const string ReaderPolicy = "datacatalog-reader";

    public static IServiceCollection AddDataCatalogModule(this IServiceCollection services, ModuleContext context)
    {
        services.AddModuleDbContext<DataCatalogDbContext>(context.Database);
        services.AddSingleton(new MigrationSource(Name, typeof(DataCatalogModule).Assembly));
        services.AddSingleton(new DataCatalogSeedOptions(context.Configuration.GetValue("DataCatalog:OperatorDepartmentKey", "sj")!, context.DemoData));
        services.AddScoped<ResourceEditor>();
        services.AddScoped<ResourceReader>();
        services.AddScoped<ResourceSearch>();
        services.AddScoped<CatalogueExport>();
        services.AddSingleton<PublishedResourceCache>();
        services.AddScoped<IDataResourceCatalog, PublishedDataResources>();
        services.AddScoped<IStartupTask, DataCatalogSeeder>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ReaderPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff, PlatformClaims.KindClient));
        return services;
    }
}
