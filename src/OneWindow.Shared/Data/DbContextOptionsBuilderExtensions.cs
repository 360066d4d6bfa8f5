using Microsoft.EntityFrameworkCore;

namespace OneWindow.Shared.Data;

public static class DbContextOptionsBuilderExtensions
{
    /// <summary>Points a module's DbContext at the shared database with the provider the settings name.</summary>
    public static DbContextOptionsBuilder UseOneWindowDatabase(this DbContextOptionsBuilder builder, DatabaseSettings settings)
    {
        return settings.Provider switch
        {
            DatabaseProvider.Postgres => builder.UseNpgsql(settings.ConnectionString),
            _ => builder.UseSqlite(settings.ConnectionString).AddInterceptors(SqliteBusyTimeout.Interceptor),
        };
    }

    public static DbContextOptionsBuilder<TContext> UseOneWindowDatabase<TContext>(this DbContextOptionsBuilder<TContext> builder, DatabaseSettings settings)
        where TContext : DbContext
    {
        ((DbContextOptionsBuilder)builder).UseOneWindowDatabase(settings);
        return builder;
    }
}
