using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace OneWindow.Licences.Data;

/// <summary>A typed null (or value) for a raw parameter: PostgreSQL needs the type of a NULL it stores in a date column.</summary>
internal sealed record Typed(object? Value, DbType Type);

/// <summary>Plain parameterised SQL on any module's DbContext connection and current transaction (how licences are
/// written inside the caller's transaction, like AuditLog and EventOutbox).</summary>
internal static class RawSql
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
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            switch (values[i])
            {
                case Typed typed:
                    parameter.DbType = typed.Type;
                    parameter.Value = typed.Value ?? DBNull.Value;
                    break;
                case null:
                    parameter.DbType = DbType.String;
                    parameter.Value = DBNull.Value;
                    break;
                default:
                    parameter.Value = values[i];
                    break;
            }

            command.Parameters.Add(parameter);
        }

        return command;
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
