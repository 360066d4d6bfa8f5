using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Halls.Features.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Halls.HallsModuleDefinition))]

namespace OneWindow.Halls;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class HallsModuleDefinition : IModule
{
    public string Name => HallsModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.HallsDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(HallsScopes.All);
        context.Services.AddHallsModule(context.Database, demoData: context.DemoData);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 80, "/admin/halls", "服务大厅", "Service halls", Features.HallAccess.HasHallRole));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHallsApi();
    }
}
