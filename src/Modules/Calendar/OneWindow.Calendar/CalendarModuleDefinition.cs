using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Calendar.Features.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Calendar.CalendarModuleDefinition))]

namespace OneWindow.Calendar;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class CalendarModuleDefinition : IModule
{
    public string Name => CalendarModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.CalendarDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(CalendarScopes.All);
        context.Services.AddCalendarModule(context.Database, context.Configuration);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 100, "/admin/calendar", "工作日历", "Working-day calendar", p => p.Roles.Contains(StaffRoles.PlatformAdmin)));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 90, "/admin/calendar", "工作日历", "Working-day calendar", p => p.Roles.Contains(StaffRoles.PlatformAdmin)));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCalendarApi();
    }
}
