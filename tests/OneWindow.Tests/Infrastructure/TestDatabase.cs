using Microsoft.Data.Sqlite;
using Npgsql;

namespace OneWindow.Tests.Infrastructure;

public enum DbKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty database for a test or a shared app. SQLite: a temporary file. PostgreSQL: a new database on the
/// server named by ONEWINDOW_TEST_PG (scripts/test.sh starts a throwaway cluster and sets it). PostgreSQL tests carry
/// the trait Database=Postgres; without the variable they fail with a message saying how to run them or filter them out.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ONEWINDOW_TEST_PG";

    private readonly string? postgresName;
    private readonly string? sqlitePath;

    private TestDatabase(DbKind kind, string connectionString, string? postgresName, string? sqlitePath)
    {
        Kind = kind;
        ConnectionString = connectionString;
        this.postgresName = postgresName;
        this.sqlitePath = sqlitePath;
    }

    public DbKind Kind { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DbKind kind)
    {
        if (kind == DbKind.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"ow-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(kind, $"Data Source={path};Pooling=False", null, path);
        }

        var server = ServerConnectionString();
        var name = $"ow_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(kind, builder.ConnectionString, name, null);
    }

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"PostgreSQL tests need {PostgresVariable} (e.g. Host=127.0.0.1;Port=5432;Username=postgres). " +
                "scripts/test.sh sets it; to run only SQLite tests use: dotnet test --filter Database!=Postgres");

    public async ValueTask DisposeAsync()
    {
        if (sqlitePath != null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", ".startup-lock" })
            {
                try { File.Delete(sqlitePath + suffix); } catch (IOException) { }
            }
        }

        if (postgresName != null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(ServerConnectionString());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
