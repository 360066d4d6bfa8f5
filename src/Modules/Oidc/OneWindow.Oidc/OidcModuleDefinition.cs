using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Modules;

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
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOidc();
    }
}
