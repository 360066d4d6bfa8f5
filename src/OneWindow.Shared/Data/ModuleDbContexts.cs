using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace OneWindow.Shared.Data;

/// <summary>The one way a module registers its DbContext: scoped contexts on the shared database, with their options
/// built once (they depend on the database settings alone). Built per scope, the options cost every API request one
/// options build per context it touches (docs/benchmarks.md, "Exchange calls and the call log").</summary>
public static class ModuleDbContexts
{
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, DatabaseSettings database)
        where TContext : DbContext =>
        services.AddDbContext<TContext>(options => options.UseOneWindowDatabase(database), optionsLifetime: ServiceLifetime.Singleton);
}
