using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Exchange.ExchangeModuleDefinition))]

namespace OneWindow.Exchange;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class ExchangeModuleDefinition : IModule
{
    public string Name => ExchangeModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.ExchangeDbContext), typeof(Log.ExchangeLogDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(ExchangeScopes.All);
        context.Services.AddExchangeModule(context.Database, context.Keys);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        Log.ExchangeLogApi.MapExchangeLogApi(endpoints);
    }
}
