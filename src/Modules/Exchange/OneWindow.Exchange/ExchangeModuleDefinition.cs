using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Features.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

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
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 95, "/admin/exchange", "数据共享", "Data sharing", p => p.IsStaff));
        context.Services.AddSingleton(new NavLink(NavSlot.Account, 60, "/account/data-use", "数据使用记录", "Use of my data", p => p.IsCitizen, Id: "nav-data-use"));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapExchangeApi();
        Log.ExchangeLogApi.MapExchangeLogApi(endpoints);
    }
}
