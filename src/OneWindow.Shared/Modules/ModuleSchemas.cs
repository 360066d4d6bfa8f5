using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Data;

namespace OneWindow.Shared.Modules;

/// <summary>Every module's EF contexts on one database, for the schema-script command and the schema-matches-model
/// test: both loop over the registered modules instead of naming them.</summary>
public static class ModuleSchemas
{
    public static IReadOnlyList<(string Module, DbContext Context)> Contexts(IEnumerable<IModule> modules, DatabaseSettings settings) =>
        modules.SelectMany(module => module.DbContexts.Select(type => (module.Name, Create(type, settings)))).ToList();

    public static DbContext Create(Type contextType, DatabaseSettings settings)
    {
        var builder = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType))!;
        builder.UseOneWindowDatabase(settings);
        return (DbContext)Activator.CreateInstance(contextType, builder.Options)!;
    }

    /// <summary>The migration sources of the modules (the same the host registers).</summary>
    public static IReadOnlyList<MigrationSource> Migrations(IEnumerable<IModule> modules) =>
        modules.Select(module => new MigrationSource(module.Name, module.GetType().Assembly)).ToList();
}
