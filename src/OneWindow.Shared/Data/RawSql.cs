using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace OneWindow.Shared.Data;

/// <summary>A typed null (or value) for a raw parameter: PostgreSQL needs the type of a NULL it stores in a date column.</summary>
public sealed record TypedValue(object? Value, DbType Type);

/// <summary>
/// Plain parameterised SQL (parameters @p0, @p1, …) on any module's DbContext connection and current transaction: the
/// one helper by which a module writes a table it does not map inside the caller's transaction (the audit log, the
/// event outbox, licences issued when a case closes), so the row commits or rolls back with the caller's change.
/// </summary>
public static class RawSql
{
    public static bool IsPostgres(DbContext context) => context.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;

    /// <summary>timestamptz on PostgreSQL, UTC ticks on SQLite (SqliteDateTimes).</summary>
    public static object Time(DbContext context, DateTimeOffset value) => IsPostgres(context) ? value.ToUniversalTime() : value.UtcTicks;

    public static async Task<DbCommand> CommandAsync(DbContext context, string sql, object?[] values, CancellationToken ct)
    {
        await context.Database.OpenConnectionAsync(ct);
        var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        for (var i = 0; i < values.Length; i++)
        {
            AddParameter(command, "@p" + i.ToString(CultureInfo.InvariantCulture), values[i]);
        }

        return command;
    }

    /// <summary>Adds one parameter the way every raw statement here binds it (a <see cref="TypedValue"/> keeps its type, a
    /// plain null is a text NULL); for callers that build a long statement themselves (the exchange log's multi-row INSERT).</summary>
    public static string AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        switch (value)
        {
            case TypedValue typed:
                parameter.DbType = typed.Type;
                parameter.Value = typed.Value ?? DBNull.Value;
                break;
            case null:
                parameter.DbType = DbType.String;
                parameter.Value = DBNull.Value;
                break;
            default:
                parameter.Value = value;
                break;
        }

        command.Parameters.Add(parameter);
        return name;
    }

    /// <summary>Throws when the caller has no open transaction: rows written here must commit with the caller's change.</summary>
    public static void RequireTransaction(DbContext context, string message)
    {
        if (context.Database.CurrentTransaction == null)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>Runs a statement inside the caller's transaction (see <see cref="RequireTransaction"/>).</summary>
    public static async Task<int> ExecuteWithinAsync(DbContext context, string sql, object?[] values, CancellationToken ct)
    {
        RequireTransaction(context, "Raw SQL on another module's table must run inside the caller's transaction.");
        await using var command = await CommandAsync(context, sql, values, ct);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<long> InsertReturningIdAsync(DbContext context, string sql, object?[] values, CancellationToken ct)
    {
        await using var command = await CommandAsync(context, sql + " RETURNING id", values, ct);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public static DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        var other => throw new InvalidCastException($"Unexpected date value {other.GetType().Name}."),
    };
}
