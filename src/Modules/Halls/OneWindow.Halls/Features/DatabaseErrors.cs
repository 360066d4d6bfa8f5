using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OneWindow.Halls.Features;

/// <summary>Tells which unique index refused a write, on either provider: the database is the last guard against
/// two requests that passed the same check together.</summary>
internal static class DatabaseErrors
{
    /// <summary>The index that keeps one active booking per applicant, item and day.</summary>
    public const string ActiveBookingIndex = "ux_halls_bookings_active_per_day";

    /// <summary>True when a unique index refused the write; with <paramref name="index"/>, only that index (PostgreSQL
    /// names it; SQLite names its columns, so <paramref name="sqliteColumn"/> is looked for in the message).</summary>
    public static bool IsDuplicate(DbUpdateException exception, string? index = null, string? sqliteColumn = null) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && (sqliteColumn == null || sqlite.Message.Contains(sqliteColumn, StringComparison.Ordinal)),
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation && (index == null || postgres.ConstraintName == index),
        _ => false,
    };
}
