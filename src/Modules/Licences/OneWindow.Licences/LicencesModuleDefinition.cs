using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Licences.Api;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

[assembly: OneWindow.Shared.Modules.PlatformModule(typeof(OneWindow.Licences.LicencesModuleDefinition))]

namespace OneWindow.Licences;

/// <summary>How the host finds and composes this module (see <see cref="IModule"/>).</summary>
internal sealed class LicencesModuleDefinition : IModule
{
    public string Name => LicencesModule.Name;

    public IReadOnlyList<Type> DbContexts => [typeof(Data.LicencesDbContext)];

    public void AddServices(ModuleContext context)
    {
        context.Services.AddApiScopes(LicencesScopes.All);
        context.Services.AddLicencesModule(context.Database, context.Configuration, context.Keys, demoData: context.DemoData);
        context.Services.AddSingleton(new NavLink(NavSlot.Staff, 70, "/admin/licences/keys", "证照密钥", "Licence keys", p => p.Roles.Overlaps([StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin])));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapLicencesApi();
    }
}
