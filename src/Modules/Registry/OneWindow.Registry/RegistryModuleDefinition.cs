using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Registry.Features.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Registry.RegistryModuleDefinition))]

namespace OneWindow.Registry;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class RegistryModuleDefinition : IModule
{
    public string Name => RegistryModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.RegistryDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(RegistryScopes.All);
        context.Services.AddRegistryModule(context.Database, context.Configuration, demoData: context.DemoData);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 110, "/admin/registry", "基础信息资源库", "Base registries", p => p.Roles.Overlaps([StaffRoles.DataAdmin, StaffRoles.Supervisor, StaffRoles.PlatformAdmin])));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 60, "/admin/registry", "基础信息资源库", "Base registries", p => p.Roles.Overlaps([StaffRoles.DataAdmin, StaffRoles.Supervisor, StaffRoles.PlatformAdmin])));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRegistryApi();
    }
}
