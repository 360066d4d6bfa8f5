using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OneWindow.Shared.Data;

/// <summary>
/// Applies every module's SQL scripts in order, once, under a database-wide lock so that several nodes
/// starting together neither race nor apply a script twice. EF's own migrations need a model snapshot that the
/// design-time tooling (not restorable here) would write, so schema changes are plain SQL per provider instead.
/// </summary>
public sealed class MigrationRunner(DatabaseSettings settings, IEnumerable<MigrationSource> sources, ILogger<MigrationRunner> logger)
{
    // Any constant works; it only has to be the same on every node.
    private const long PostgresLockKey = 0x4F6E6557696E64; // "OneWind"

    public async Task<int> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection sqlite)
        {
            await SqliteBusyTimeout.ApplyAsync(sqlite, cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await using var held = await AcquireLockAsync(connection, cancellationToken);
        await ExecuteAsync(connection, held.Transaction, CreateHistoryTableSql, cancellationToken);
        var applied = await LoadAppliedAsync(connection, held.Transaction, cancellationToken);

        var count = 0;
        foreach (var source in sources)
        {
            foreach (var script in source.Scripts(settings.Provider))
            {
                if (applied.TryGetValue((script.Module, script.Version), out var checksum))
                {
                    if (!string.Equals(checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InvalidOperationException(
                            $"Migration {script.Module}/{script.Version:D4}_{script.Name} was changed after it was applied. Add a new script instead.");
                    }

                    continue;
                }

                await ApplyScriptAsync(connection, held.Transaction, script, cancellationToken);
                logger.LogInformation("Applied migration {Module}/{Version}_{Name}", script.Module, script.Version, script.Name);
                count++;
            }
        }

        await held.CommitAsync(cancellationToken);
        return count;
    }

    private DbConnection CreateConnection() => settings.Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(settings.ConnectionString)
        : new SqliteConnection(settings.ConnectionString);

    private async Task<HeldLock> AcquireLockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            // Session-level advisory lock: other nodes wait here until this one has finished.
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey});", cancellationToken);
            return new HeldLock(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey});");
        }

        // SQLite: an IMMEDIATE transaction takes the database write lock up front; DDL is transactional,
        // so all pending scripts apply together or not at all.
        var transaction = (DbTransaction)await ((SqliteConnection)connection).BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        return new HeldLock(connection, transaction, null);
    }

    private async Task ApplyScriptAsync(DbConnection connection, DbTransaction? outer, MigrationScript script, CancellationToken cancellationToken)
    {
        var transaction = outer ?? await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
        await using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = "INSERT INTO schema_migrations (module, version, name, checksum, applied_at) VALUES (@m, @v, @n, @c, @a);";
        AddParameter(record, "@m", script.Module);
        AddParameter(record, "@v", script.Version);
        AddParameter(record, "@n", script.Name);
        AddParameter(record, "@c", script.Checksum);
        AddParameter(record, "@a", DateTimeOffset.UtcNow.ToString("O"));
        await record.ExecuteNonQueryAsync(cancellationToken);
        if (outer == null)
        {
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }
    }

    private static async Task<Dictionary<(string, int), string>> LoadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<(string, int), string>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT module, version, checksum FROM schema_migrations;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        }

        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            module VARCHAR(64) NOT NULL,
            version INTEGER NOT NULL,
            name VARCHAR(200) NOT NULL,
            checksum VARCHAR(64) NOT NULL,
            applied_at VARCHAR(40) NOT NULL,
            PRIMARY KEY (module, version)
        );
        """;

    private sealed class HeldLock(DbConnection connection, DbTransaction? transaction, string? releaseSql) : IAsyncDisposable
    {
        private bool committed;

        public DbTransaction? Transaction => transaction;

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (transaction != null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (transaction != null)
            {
                if (!committed)
                {
                    await transaction.RollbackAsync();
                }

                await transaction.DisposeAsync();
            }

            if (releaseSql != null && connection.State == ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, releaseSql, CancellationToken.None);
            }
        }
    }
}
