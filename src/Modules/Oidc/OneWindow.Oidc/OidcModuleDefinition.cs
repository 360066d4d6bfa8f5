using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Oidc.OidcModuleDefinition))]

namespace OneWindow.Oidc;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class OidcModuleDefinition : IModule
{
    public string Name => OidcModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.OidcDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddOidcModule(context.Database, context.Configuration, context.IsProduction, context.Keys, demoClient: context.DemoData);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 65, "/admin/oidc/clients", "接入系统", "OIDC clients", p => p.Roles.Overlaps([StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin])));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 45, "/admin/oidc/clients", "接入系统管理", "OIDC clients", p => p.Roles.Overlaps([StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin])));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOidc();
    }
}
