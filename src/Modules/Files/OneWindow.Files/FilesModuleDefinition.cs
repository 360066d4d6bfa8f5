using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Files.Features.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Files.FilesModuleDefinition))]

namespace OneWindow.Files;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class FilesModuleDefinition : IModule
{
    public string Name => FilesModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.FilesDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(FilesScopes.All);
        context.Services.AddFilesModule(context.Database, context.Configuration);
        context.Services.AddSingleton(new NavLink(NavSlot.Account, 20, "/account/files", "我的材料", "My files", p => p.IsCitizen, Id: "nav-files"));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFilesApi();
    }
}
