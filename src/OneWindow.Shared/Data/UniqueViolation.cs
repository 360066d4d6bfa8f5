using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OneWindow.Shared.Data;

/// <summary>Recognizes a unique-index violation on either provider: the database is the last guard against two requests
/// that passed the same "already there?" check together.</summary>
public static class UniqueViolation
{
    /// <summary>True when a unique index refused the write; with <paramref name="index"/>, only that index (PostgreSQL
    /// names it; SQLite names its columns, so <paramref name="sqliteColumn"/> is looked for in the message).</summary>
    public static bool Is(DbUpdateException exception, string? index = null, string? sqliteColumn = null) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && (sqliteColumn == null || sqlite.Message.Contains(sqliteColumn, StringComparison.Ordinal)), // SQLITE_CONSTRAINT
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation && (index == null || postgres.ConstraintName == index),
        _ => false,
    };
}
