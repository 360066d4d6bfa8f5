using System.Reflection;

namespace OneWindow.Shared.Modules;

/// <summary>
/// Finds the modules deployed beside the host: every <c>OneWindow.*.dll</c> in the application folder whose assembly
/// carries <see cref="PlatformModuleAttribute"/>. Ordered by name so registration is the same on every node.
/// </summary>
public static class ModuleDiscovery
{
    public static IReadOnlyList<IModule> Discover(string? folder = null)
    {
        folder ??= AppContext.BaseDirectory;
        var modules = new List<IModule>();
        foreach (var path in Directory.EnumerateFiles(folder, "OneWindow.*.dll"))
        {
            var assembly = Load(path);
            foreach (var attribute in assembly?.GetCustomAttributes<PlatformModuleAttribute>() ?? [])
            {
                if (Activator.CreateInstance(attribute.ModuleType) is not IModule module)
                {
                    throw new InvalidOperationException($"{attribute.ModuleType} (in {assembly!.GetName().Name}) does not implement IModule.");
                }

                modules.Add(module);
            }
        }

        var duplicate = modules.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
        {
            throw new InvalidOperationException($"Two modules are named '{duplicate.Key}'.");
        }

        return modules.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
    }

    private static Assembly? Load(string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        try
        {
            // Through the default context, so the types are the same ones the rest of the host (and tests) see.
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
