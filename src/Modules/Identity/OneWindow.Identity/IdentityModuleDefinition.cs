using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Features.Api;
using OneWindow.Identity.Features.ApiKeys;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Identity.IdentityModuleDefinition))]

namespace OneWindow.Identity;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class IdentityModuleDefinition : IModule
{
    public string Name => IdentityModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.IdentityDbContext), typeof(Data.KeyRingDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(IdentityScopes.All);
        context.Services.AddIdentityModule(context.Database, context.Configuration, context.Environment, context.Keys);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 50, "/admin/staff", "工作人员", "Staff", p => p.Roles.Overlaps(Features.Staff.StaffPermissions.DirectoryRoles)));
        context.Services.AddSingleton(new NavLink(NavSlot.Account, 10, "/account", "我的账号", "My account", p => p.IsCitizen, Id: "nav-account"));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 30, "/admin/staff", "工作人员管理", "Staff accounts", p => p.Roles.Overlaps(Features.Staff.StaffPermissions.DirectoryRoles)));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 50, "/admin/citizens/verify", "现场核验", "In-person verification", Features.Account.InPersonVerification.MayUse));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIdentityApi();
        endpoints.MapStaffApi();
        endpoints.MapApiKeyApi();
    }

    public void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Admin/Staff", StaffAccounts.DirectoryPolicy);
    }
}
