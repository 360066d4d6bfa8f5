using Microsoft.Extensions.Configuration;

namespace OneWindow.Identity.Protection;

/// <summary>
/// The two secrets that protect personal data at rest, from configuration section Identity:DataProtection:
/// EncryptionKey (AES-256-GCM) and IndexKey (HMAC-SHA256 blind index), each 32 random bytes in base64.
/// They must differ: knowing the index key must not help decrypt, and the reverse.
/// </summary>
public sealed class IdentityKeys
{
    public const string Section = "Identity:DataProtection";

    /// <summary>The fixed keys in appsettings.Development.json and the test hosts. They are public, so production refuses them.</summary>
    public static readonly string[] DevelopmentKeys = ["7h0cSJYn/J5Uh05xaRnCeN3NWUw+tan6bdv+jFvCCKM=", "RBSI5yjg4A2IYClO0FXt7ra4djMrI7PkuY8N1Xl+2hs="];

    private IdentityKeys(byte[] encryptionKey, byte[] indexKey)
    {
        EncryptionKey = encryptionKey;
        IndexKey = indexKey;
    }

    public byte[] EncryptionKey { get; }

    public byte[] IndexKey { get; }

    /// <summary>Reads and checks both keys; on failure says which setting is wrong and how to make one (no key material in the message).</summary>
    public static IdentityKeys Load(IConfiguration configuration, bool production = false)
    {
        var section = configuration.GetSection(Section);
        var problems = new List<string>();
        if (production && (DevelopmentKeys.Contains(section["EncryptionKey"]?.Trim()) || DevelopmentKeys.Contains(section["IndexKey"]?.Trim())))
        {
            problems.Add("The development keys from the repository are public and cannot protect real data in Production.");
        }

        var encryption = Parse(section["EncryptionKey"], "EncryptionKey", problems);
        var index = Parse(section["IndexKey"], "IndexKey", problems);
        if (encryption != null && index != null && encryption.AsSpan().SequenceEqual(index))
        {
            problems.Add($"{Section}:EncryptionKey and {Section}:IndexKey must be different keys.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "Unified identity cannot start: " + string.Join(" ", problems) +
                " Generate each with `openssl rand -base64 32` and set them as Identity__DataProtection__EncryptionKey and " +
                "Identity__DataProtection__IndexKey (environment or secret store). Keep them: data encrypted with lost keys cannot be read again.");
        }

        return new IdentityKeys(encryption!, index!);
    }

    /// <summary>
    /// Keys for the embedded single-node setup (SQLite file, nothing configured): generated once and kept in a file
    /// beside the database, readable by the owner only, so a published app starts as it does under `dotnet run`.
    /// A configured key always wins; a PostgreSQL (multi-node) deployment must configure its keys.
    /// </summary>
    public static IdentityKeys LoadOrCreateBeside(IConfiguration configuration, bool production, string? sqliteFile)
    {
        var section = configuration.GetSection(Section);
        if (sqliteFile == null || !string.IsNullOrWhiteSpace(section["EncryptionKey"]) || !string.IsNullOrWhiteSpace(section["IndexKey"]))
        {
            return Load(configuration, production);
        }

        var path = sqliteFile + ".identity-keys";
        if (!File.Exists(path))
        {
            var lines = new[] { Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) };
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
                writer.Write(string.Join('\n', lines));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process on this machine created it first; use theirs.
            }
        }

        var stored = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var local = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{Section}:EncryptionKey"] = stored.ElementAtOrDefault(0),
            [$"{Section}:IndexKey"] = stored.ElementAtOrDefault(1),
        }).Build();
        return Load(local, production);
    }

    private static byte[]? Parse(string? value, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{Section}:{name} is not set.");
            return null;
        }

        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(value.Trim(), bytes, out var written) || written != 32)
        {
            problems.Add($"{Section}:{name} must be 32 bytes in base64 (44 characters).");
            return null;
        }

        return bytes[..32];
    }
}
