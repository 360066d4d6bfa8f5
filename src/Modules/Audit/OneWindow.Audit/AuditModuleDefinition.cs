using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Features.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Audit.AuditModuleDefinition))]

namespace OneWindow.Audit;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class AuditModuleDefinition : IModule
{
    /// <summary>Platform admins only: the audit trail is theirs to search and verify.</summary>
    public const string AdminPolicy = "audit-admin";

    public string Name => AuditModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.AuditDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(AuditScopes.All);
        context.Services.AddAuditModule(context.Database, runSealer: context.Configuration.GetValue("Audit:Sealer", true));
        context.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(OneWindow.Shared.Security.StaffRoles.PlatformAdmin));
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 90, "/admin/audit", "审计日志", "Audit log", p => p.Roles.Contains(StaffRoles.PlatformAdmin)));
        context.Services.AddSingleton(new NavLink(NavSlot.Workspace, 70, "/admin/audit", "审计日志", "Audit log", p => p.Roles.Contains(StaffRoles.PlatformAdmin)));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuditApi(AdminPolicy);
    }
}
