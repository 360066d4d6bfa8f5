using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Seeding;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Catalog.CatalogModuleDefinition))]

namespace OneWindow.Catalog;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class CatalogModuleDefinition : IModule
{
    public string Name => CatalogModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.CatalogDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(CatalogScopes.All);
        context.Services.AddCatalogModule(context.Database, context.Configuration.GetSection("Catalog:Seed").Get<CatalogSeedOptions>() ?? new CatalogSeedOptions());
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 40, "/admin/catalog", "事项管理", "Catalogue admin", p => p.Roles.Overlaps([StaffRoles.CatalogEditor, StaffRoles.CatalogReviewer, StaffRoles.PlatformAdmin])));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 20, "/admin/catalog", "事项管理", "Catalogue admin", p => p.Roles.Overlaps([StaffRoles.CatalogEditor, StaffRoles.CatalogReviewer, StaffRoles.PlatformAdmin])));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 80, "/admin/regions", "行政区划", "Divisions", p => p.Roles.Contains(StaffRoles.PlatformAdmin)));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCatalogApi();
    }

    public void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Admin/Catalog", CatalogPolicies.Staff);
    }
}
