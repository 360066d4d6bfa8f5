using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OneWindow.Shared.Data;

/// <summary>
/// How long a SQLite connection waits for another writer before "database is locked". The app's own writers
/// (requests, seeding, the background loops) share one file; on a busy machine one of them can hold the write lock
/// for seconds. Two layers wait: SQLite's own busy handler (PRAGMA busy_timeout, retries inside the engine without
/// Microsoft.Data.Sqlite's 150 ms sleeps) and Microsoft.Data.Sqlite's retry loop (Default Timeout in the connection string).
/// </summary>
public static class SqliteBusyTimeout
{
    public const int Seconds = 60;

    /// <summary>Sets it on an open connection the app opened itself (not through a DbContext).</summary>
    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets it on every connection a DbContext opens (with Pooling=False each open is a new native connection).</summary>
    public static readonly IInterceptor Interceptor = new OnOpen();

    private static readonly string Pragma = $"PRAGMA busy_timeout = {Seconds * 1000};";

    private sealed class OnOpen : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (connection is SqliteConnection sqlite)
            {
                using var command = sqlite.CreateCommand();
                command.CommandText = Pragma;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (connection is SqliteConnection sqlite)
            {
                await ApplyAsync(sqlite, cancellationToken);
            }
        }
    }
}
