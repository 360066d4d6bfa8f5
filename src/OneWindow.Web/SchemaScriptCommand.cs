using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Data;
using OneWindow.Shared.Modules;

namespace OneWindow.Web;

/// <summary>
/// `dotnet run --project src/OneWindow.Web -- schema-script sqlite|postgres [module]` prints the CREATE script EF would
/// make from the current model of every module (or one): the starting point for a new migration script (see
/// docs/ARCHITECTURE.md).
/// </summary>
internal static class SchemaScriptCommand
{
    public static int Run(string[] args)
    {
        var provider = args.Length > 1 ? args[1] : "sqlite";
        var settings = new DatabaseSettings(provider == "postgres" ? "Host=localhost;Database=unused" : "Data Source=:memory:");
        var module = args.Length > 2 ? args[2] : null;
        var modules = ModuleDiscovery.Discover().Where(m => module is null || m.Name == module).ToList();
        if (modules.Count == 0)
        {
            Console.Error.WriteLine($"No module named '{module}'. Modules: {string.Join(", ", ModuleDiscovery.Discover().Select(m => m.Name))}");
            return 2;
        }

        foreach (var (_, context) in ModuleSchemas.Contexts(modules, settings))
        {
            using (context)
            {
                Console.WriteLine(context.Database.GenerateCreateScript());
            }
        }

        return 0;
    }
}
