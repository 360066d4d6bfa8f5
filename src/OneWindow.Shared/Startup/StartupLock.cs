using Npgsql;
using OneWindow.Shared.Data;

namespace OneWindow.Shared.Startup;

/// <summary>
/// Start-up work (migrations, then every <see cref="IStartupTask"/>) runs on one node at a time: several nodes started
/// together on an empty database would otherwise seed the same reference and demo rows at once, and the loser's
/// start-up would fail on a unique index. The next node then finds the work done and only checks it.
/// PostgreSQL: a session advisory lock on a connection of its own (the tasks' own connections are not blocked by it).
/// SQLite (nodes on one machine): an exclusive lock on &lt;database&gt;.startup-lock beside the file, kept (deleting
/// it could let two holders in); none for an in-memory database. A held SQLite write lock cannot be used instead: the
/// tasks on the holder's node could then not write.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    // Not the migration runner's key: the runner takes its own lock inside this one, on another connection.
    private const long PostgresLockKey = 0x4F6E6557696E73; // "OneWins"

    private readonly NpgsqlConnection? connection;
    private readonly FileStream? file;

    private StartupLock(NpgsqlConnection? connection, FileStream? file)
    {
        this.connection = connection;
        this.file = file;
    }

    public static async Task<StartupLock> AcquireAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var connection = new NpgsqlConnection(settings.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresLockKey});", connection) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync(cancellationToken);
                return new StartupLock(connection, null);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        if (settings.SqliteFile is not { } database)
        {
            return new StartupLock(null, null);
        }

        while (true)
        {
            try
            {
                return new StartupLock(null, new FileStream(database + ".startup-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                // Another node (or another host in this process) is starting; wait for it.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (file != null)
        {
            await file.DisposeAsync();
        }

        if (connection != null)
        {
            // Explicitly: a pooled connection keeps its session (and the lock) when it goes back to the pool.
            try
            {
                await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresLockKey});", connection);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
