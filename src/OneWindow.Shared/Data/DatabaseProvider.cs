namespace OneWindow.Shared.Data;

/// <summary>The database engines the platform runs on. The connection string decides which one.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the platform keeps its data. One database is shared by all modules; each module owns its tables.</summary>
public sealed class DatabaseSettings
{
    public const string DefaultSqlite = "Data Source=onewindow.db";

    public DatabaseSettings(string? connectionString, string? baseDirectory = null)
    {
        ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString.Trim();
        Provider = DetectProvider(ConnectionString);
        if (Provider == DatabaseProvider.Sqlite && baseDirectory != null)
        {
            ConnectionString = AnchorSqlitePath(ConnectionString, baseDirectory);
        }

        if (Provider == DatabaseProvider.Sqlite)
        {
            ConnectionString = WithBusyTimeout(ConnectionString);
        }
    }

    /// <summary>Microsoft.Data.Sqlite retries a locked database for Default Timeout seconds (30 unless set): every
    /// SQLite connection string, the embedded default too, waits <see cref="SqliteBusyTimeout.Seconds"/> unless it says otherwise.</summary>
    private static string WithBusyTimeout(string connectionString)
    {
        // "Default Timeout" and its alias "Command Timeout" both contain the word.
        if (connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = SqliteBusyTimeout.Seconds }.ConnectionString;
    }

    /// <summary>A relative SQLite file is placed beside the application, not in whatever folder it was started from,
    /// so the app finds the same database however it is launched.</summary>
    private static string AnchorSqlitePath(string connectionString, string baseDirectory)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, source));
        }

        return builder.ConnectionString;
    }

    public string ConnectionString { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>The database file of an embedded SQLite setup; null for PostgreSQL and in-memory SQLite.</summary>
    public string? SqliteFile
    {
        get
        {
            if (Provider != DatabaseProvider.Sqlite)
            {
                return null;
            }

            var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return source is { Length: > 0 } && source != ":memory:" && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? source : null;
        }
    }

    /// <summary>PostgreSQL connection strings name a host; SQLite ones name a data source (file).</summary>
    public static DatabaseProvider DetectProvider(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains("Server=", StringComparison.OrdinalIgnoreCase)
        || connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;
}
