using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneWindow.Integration.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Integration.IntegrationModuleDefinition))]

namespace OneWindow.Integration;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class IntegrationModuleDefinition : IModule
{
    public string Name => IntegrationModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.IntegrationDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(IntegrationScopes.All);
        context.Services.AddIntegrationModule(context.Database, context.Configuration, context.Keys,
            allowLoopbackHttp: context.IsDevelopment || context.Environment.IsEnvironment("Testing"));
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 60, "/admin/webhooks", "事件订阅", "Webhooks", p => p.Roles.Overlaps([StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin])));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 40, "/admin/webhooks", "事件订阅", "Webhooks", p => p.Roles.Overlaps([StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin])));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWebhooksApi();
    }
}
