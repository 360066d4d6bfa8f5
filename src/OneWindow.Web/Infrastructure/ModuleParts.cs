using Microsoft.AspNetCore.Mvc.ApplicationParts;
using OneWindow.Shared.Modules;

namespace OneWindow.Web.Infrastructure;

/// <summary>Adds each discovered module's assembly (its page models and compiled Razor pages) to MVC's application
/// parts, once: the host does not reference modules by name, so MVC would not find them on its own.</summary>
public static class ModuleParts
{
    public static void Add(ApplicationPartManager manager, IEnumerable<IModule> modules)
    {
        foreach (var assembly in modules.Select(m => m.GetType().Assembly).Append(typeof(IModule).Assembly).Distinct())
        {
            var factory = ApplicationPartFactory.GetApplicationPartFactory(assembly);
            foreach (var part in factory.GetApplicationParts(assembly))
            {
                if (!manager.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
                {
                    manager.ApplicationParts.Add(part);
                }
            }
        }
    }
}
