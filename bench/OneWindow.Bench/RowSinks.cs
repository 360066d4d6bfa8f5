using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace OneWindow.Bench;

/// <summary>Table-at-a-time bulk insert: binary COPY on PostgreSQL, one prepared INSERT per table inside a single
/// transaction on SQLite (the FTS5 triggers of the migration keep catalog_search_fts in step).</summary>
internal abstract class RowSink : IAsyncDisposable
{
    public abstract Task OpenAsync();

    public abstract Task BeginAsync(string table, params string[] columns);

    public abstract Task RowAsync(params object?[] values);

    public abstract Task EndAsync();

    /// <summary>Commit, then what any bulk load needs afterwards: sequences and planner statistics.</summary>
    public abstract Task FinishAsync();

    public abstract ValueTask DisposeAsync();
}

internal sealed class PostgresRowSink(string connectionString) : RowSink
{
    private readonly NpgsqlConnection connection = new(connectionString);
    private NpgsqlBinaryImporter? importer;
    private string table = "";

    public override Task OpenAsync() => connection.OpenAsync();

    public override async Task BeginAsync(string table, params string[] columns)
    {
        this.table = table;
        importer = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
    }

    public override async Task RowAsync(params object?[] values)
    {
        await importer!.StartRowAsync();
        foreach (var value in values)
        {
            switch (value)
            {
                case null: await importer.WriteNullAsync(); break;
                case long l: await importer.WriteAsync(l, NpgsqlDbType.Bigint); break;
                case int i: await importer.WriteAsync(i, NpgsqlDbType.Integer); break;
                case bool b: await importer.WriteAsync(b, NpgsqlDbType.Boolean); break;
                case string s: await importer.WriteAsync(s, NpgsqlDbType.Text); break;
                case string[] a: await importer.WriteAsync(a, NpgsqlDbType.Array | NpgsqlDbType.Text); break;
                case DateTimeOffset d: await importer.WriteAsync(d.ToUniversalTime(), NpgsqlDbType.TimestampTz); break;
                default: throw new NotSupportedException(value.GetType().Name);
            }
        }
    }

    public override async Task EndAsync()
    {
        await importer!.CompleteAsync();
        await importer.DisposeAsync();
        importer = null;
        Console.WriteLine($"  {table} copied");
    }

    public override async Task FinishAsync()
    {
        // Ids were written explicitly, so the identity sequences must move past them; then statistics, because the
        // planner's choice between the GIN index and the popularity index depends on token frequencies.
        foreach (var t in new[] { "catalog_basic_items", "catalog_service_items", "catalog_item_versions", "catalog_item_events" })
        {
            await using var seq = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))", connection);
            await seq.ExecuteNonQueryAsync();
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (importer != null)
        {
            await importer.DisposeAsync();
        }

        await connection.DisposeAsync();
    }
}

internal sealed class SqliteRowSink(string connectionString) : RowSink
{
    private readonly SqliteConnection connection = new(connectionString);
    private SqliteTransaction? transaction;
    private SqliteCommand? insert;

    public override async Task OpenAsync()
    {
        await connection.OpenAsync();
        transaction = connection.BeginTransaction();
    }

    public override Task BeginAsync(string table, params string[] columns)
    {
        insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        for (var i = 0; i < columns.Length; i++)
        {
            insert.Parameters.Add(new SqliteParameter("$p" + i, null));
        }

        insert.Prepare();
        return Task.CompletedTask;
    }

    public override Task RowAsync(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            insert!.Parameters[i].Value = CatalogGenerator.ToSqlite(values[i]);
        }

        insert!.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public override async Task EndAsync()
    {
        await insert!.DisposeAsync();
        insert = null;
    }

    public override async Task FinishAsync()
    {
        await transaction!.CommitAsync();
        // One FTS5 b-tree instead of the many segments a 100,000-row load leaves, then planner statistics.
        foreach (var sql in new[] { "INSERT INTO catalog_search_fts (catalog_search_fts) VALUES ('optimize')", "ANALYZE" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (insert != null)
        {
            await insert.DisposeAsync();
        }

        if (transaction != null)
        {
            await transaction.DisposeAsync();
        }

        await connection.DisposeAsync();
    }
}
