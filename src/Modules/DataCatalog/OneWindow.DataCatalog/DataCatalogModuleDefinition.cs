using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.DataCatalog.Features;
using OneWindow.DataCatalog.Features.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.DataCatalog.DataCatalogModuleDefinition))]

namespace OneWindow.DataCatalog;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class DataCatalogModuleDefinition : IModule
{
    public string Name => DataCatalogModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.DataCatalogDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(DataCatalogScopes.All);
        context.Services.AddDataCatalogModule(context);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 85, "/admin/data-resources", "信息资源目录", "Data resources", DataCatalogAccess.HasCatalogueRole));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDataResourcesApi();
    }

    /// <summary>The catalogue pages are for staff (the metadata of government data is shared within government).</summary>
    public void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/DataResources", StaffArea.Policy);
    }
}
