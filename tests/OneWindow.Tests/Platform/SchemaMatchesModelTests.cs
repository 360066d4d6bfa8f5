using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OneWindow.Shared.Data;
using OneWindow.Shared.Modules;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Platform;

/// <summary>
/// The SQL migration scripts and the EF model must describe the same schema: one database is built from the scripts,
/// one from the model (GenerateCreateScript), and their tables, columns, types, nullability and indexes compared.
/// Provider extras that EF does not model (SQLite's FTS5 table and its triggers) are listed and excluded explicitly.
/// </summary>
public abstract class SchemaMatchesModelTests(DbKind kind)
{
    private static readonly string[] ExtraTablePrefixes = ["catalog_search_fts", "datacatalog_search_fts", "schema_migrations"];

    [Fact]
    public async Task Migration_scripts_build_the_schema_the_model_expects()
    {
        await using var fromScripts = await TestDatabase.CreateAsync(kind);
        await using var fromModel = await TestDatabase.CreateAsync(kind);
        await RunnerFor(fromScripts).ApplyAsync();
        foreach (var context in Contexts(fromModel))
        {
            await using (context)
            {
                await context.Database.ExecuteSqlRawAsync(context.Database.GenerateCreateScript());
            }
        }

        var expected = await DescribeAsync(fromModel);
        var actual = await DescribeAsync(fromScripts);
        Assert.NotEmpty(expected);
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Schema drift.\nIn the model but not the scripts:\n  {string.Join("\n  ", missing)}\nIn the scripts but not the model:\n  {string.Join("\n  ", extra)}");
    }

    [Fact]
    public async Task Migrations_apply_once_even_when_nodes_start_together()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunnerFor(database).ApplyAsync()));
        Assert.Equal(results.Max(), results.Sum());
        Assert.True(results.Max() > 0);
        Assert.Equal(0, await RunnerFor(database).ApplyAsync());
    }

    [Fact]
    public async Task A_changed_script_that_was_already_applied_stops_start_up()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await RunnerFor(database).ApplyAsync();
        await using (var connection = Open(database))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunnerFor(database).ApplyAsync());
        Assert.Contains("changed after it was applied", error.Message);
    }

    /// <summary>Every module the host would load (the same discovery), so a new module is checked without naming it here.</summary>
    private static readonly IReadOnlyList<IModule> Modules = ModuleDiscovery.Discover();

    private static MigrationRunner RunnerFor(TestDatabase database) =>
        new(new DatabaseSettings(database.ConnectionString), ModuleSchemas.Migrations(Modules), NullLogger<MigrationRunner>.Instance);

    /// <summary>Every module's model; each module's tables are created from its own context.</summary>
    private static DbContext[] Contexts(TestDatabase database) =>
        ModuleSchemas.Contexts(Modules, new DatabaseSettings(database.ConnectionString)).Select(c => c.Context).ToArray();

    private static DbConnection Open(TestDatabase database)
    {
        DbConnection connection = database.Kind == DbKind.Sqlite ? new SqliteConnection(database.ConnectionString) : new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        return connection;
    }

    private async Task<HashSet<string>> DescribeAsync(TestDatabase database)
    {
        await using var connection = Open(database);
        var facts = new HashSet<string>();
        var sql = kind == DbKind.Sqlite
            ? """
              SELECT 'column ' || m.name || '.' || c.name || ' ' || upper(c.type) || CASE WHEN c."notnull" = 1 THEN ' not null' ELSE ' null' END || CASE WHEN c.pk > 0 THEN ' pk' ELSE '' END
              FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
              UNION ALL
              SELECT 'index ' || m.name || ' ' || il.name || CASE WHEN il."unique" = 1 THEN ' unique' ELSE '' END || ' (' ||
                     (SELECT group_concat(ii.name, ',') FROM pragma_index_info(il.name) ii) || ')'
              FROM sqlite_master m JOIN pragma_index_list(m.name) il WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND il.origin = 'c'
              """
            : """
              SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') ||
                     CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE ' null' END || coalesce(' identity ' || identity_generation, '')
              FROM information_schema.columns WHERE table_schema = 'public'
              UNION ALL
              SELECT 'index ' || tablename || ' ' || indexname || ' ' || regexp_replace(indexdef, '^.* USING ', 'USING ')
              FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL
              SELECT 'constraint ' || tc.table_name || ' ' || tc.constraint_name || ' ' || tc.constraint_type
              FROM information_schema.table_constraints tc WHERE tc.table_schema = 'public' AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE')
              """;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var fact = reader.GetString(0);
            var table = fact.Split(' ')[1].Split('.')[0];
            if (!ExtraTablePrefixes.Any(prefix => table.StartsWith(prefix, StringComparison.Ordinal)))
            {
                facts.Add(fact);
            }
        }

        return facts;
    }
}

[Trait("Database", "Sqlite")]
public sealed class SchemaMatchesModelTestsOnSqlite() : SchemaMatchesModelTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class SchemaMatchesModelTestsOnPostgres() : SchemaMatchesModelTests(DbKind.Postgres);
