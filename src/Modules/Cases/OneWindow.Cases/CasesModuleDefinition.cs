using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Cases.Features.Api;
using OneWindow.Cases.Features.Bundles;
using OneWindow.Cases.Features.Figures;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Cases.CasesModuleDefinition))]

namespace OneWindow.Cases;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class CasesModuleDefinition : IModule
{
    public string Name => CasesModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.CasesDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(CasesScopes.All);
        context.Services.AddCasesModule(context.Database, context.Configuration);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 10, "/admin/cases", "办件", "Cases", p => p.Roles.Overlaps([StaffRoles.WindowOfficer, StaffRoles.Reviewer, StaffRoles.DepartmentAdmin])));
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 20, "/admin/life-events", "一件事送达", "Life events", p => p.Roles.Contains(StaffRoles.WindowOfficer)));
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 30, "/admin/figures", "改革成效", "Reform figures", p => p.Roles.Overlaps([StaffRoles.Supervisor, StaffRoles.DepartmentAdmin])));
        context.Services.AddSingleton(new NavLink(NavSlot.Account, 30, "/account/cases", "我的办件", "My cases", p => p.IsCitizen, Id: "nav-cases"));
        context.Services.AddSingleton(new NavLink(NavSlot.Account, 40, "/account/notifications", "消息", "Messages", p => p.IsCitizen, Id: "nav-notifications", BadgeId: "unread-count", Badge: Features.Queries.UnreadBadge.CountAsync));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 10, "/admin/cases", "办件待办", "Case inbox", p => p.Roles.Overlaps([StaffRoles.WindowOfficer, StaffRoles.Reviewer, StaffRoles.DepartmentAdmin])));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCasesApi();
        endpoints.MapLifeEventsApi();
        endpoints.MapFiguresApi();
    }
}
