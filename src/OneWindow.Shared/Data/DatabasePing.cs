using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OneWindow.Shared.Data;

/// <summary>Whether the shared database answers (for /health), without borrowing any module's DbContext.</summary>
public static class DatabasePing
{
    public static async Task<bool> AnswersAsync(DatabaseSettings settings, CancellationToken ct)
    {
        await using DbConnection connection = settings.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(settings.ConnectionString)
            : new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
