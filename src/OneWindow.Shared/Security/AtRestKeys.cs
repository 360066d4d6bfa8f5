using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OneWindow.Shared.Data;

namespace OneWindow.Shared.Security;

/// <summary>
/// The one key policy of the platform, for every key that protects data at rest (AES-GCM keys and HMAC index keys):
/// <list type="bullet">
/// <item>A configured key always wins; it must be 32 bytes in base64. Production refuses the public keys of the repository.</item>
/// <item>Development on an embedded SQLite file: a missing key is generated once and kept beside the database
/// (readable by the owner only), so `dotnet run` works with nothing configured.</item>
/// <item>Any other environment (Production, Staging, Testing, …) or PostgreSQL: a missing key stops start-up with a
/// message naming the setting. There is no built-in fallback key: a key everyone knows protects nothing.</item>
/// </list>
/// </summary>
public sealed class AtRestKeys(IConfiguration configuration, string environmentName, string? sqliteFile)
{
    /// <summary>The keys in appsettings.Development.json and the test hosts. They are public, so Production refuses them.</summary>
    public static readonly IReadOnlyList<string> PublicDevelopmentKeys =
    [
        "7h0cSJYn/J5Uh05xaRnCeN3NWUw+tan6bdv+jFvCCKM=", // Identity:DataProtection:EncryptionKey
        "RBSI5yjg4A2IYClO0FXt7ra4djMrI7PkuY8N1Xl+2hs=", // Identity:DataProtection:IndexKey
        "0ztC8oKnJjLZ9eRQhDVyAvu0a40yumj9ni8HN7iQo1k=", // Identity:DataProtection:KeyRingKey
        "Jb0Xq7kM2vY9cR4nT1wL6pA8sD3fG5hJ0kZ2xC7vB9E=", // Oidc:KeyEncryptionKey
        "p3Qk9Wm2Zr7Tx4Lb8Nc1Vd6Hf0Js5Ga3Ye2Ku9Oi7Aw=", // Integration:SecretEncryptionKey
        "Lc7Vb2Nq9Xr4Tm1Kd8Hs3Fw6Jp0Yz5Ga2Ue7Oi4Rn1M=", // Licences:KeyEncryptionKey
        "f0Ze56PHkP/FiS2rORIaHAzNW3nWRI/Jh5VQGE9Tb0k=", // Exchange:IndexKey
        "cMLBrjmtWFwu5/GYhsnaaLrr+zzVyi1GDLkPXZW9TEc=", // Exchange:KeyEncryptionKey
    ];

    private bool Development => string.Equals(environmentName, Environments.Development, StringComparison.OrdinalIgnoreCase);

    private bool Production => string.Equals(environmentName, Environments.Production, StringComparison.OrdinalIgnoreCase);

    public static AtRestKeys For(IConfiguration configuration, IHostEnvironment environment, DatabaseSettings database) =>
        new(configuration, environment.EnvironmentName, database.SqliteFile);

    /// <summary>An AES-256-GCM cipher under the key.</summary>
    public AtRestCipher Cipher(AtRestKey key) => new(Load(key));

    /// <summary>The 32 key bytes (also for HMAC keys); throws <see cref="InvalidOperationException"/> with a message
    /// that names the setting and never contains key material.</summary>
    public byte[] Load(AtRestKey key)
    {
        var value = configuration[key.Setting]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            value = Development && sqliteFile != null ? ReadOrCreateBeside(key, sqliteFile) : throw NotSet(key);
        }

        if (Production && PublicDevelopmentKeys.Contains(value))
        {
            throw new InvalidOperationException(
                $"{key.Module} cannot start: {key.Setting} is one of the public development keys from the repository, which cannot protect {key.Protects} in Production. {HowToSet(key)}");
        }

        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(value, bytes, out var written) || written != 32)
        {
            throw new InvalidOperationException($"{key.Module} cannot start: {key.Setting} must be 32 bytes in base64 (44 characters). {HowToSet(key)}");
        }

        return bytes[..32];
    }

    /// <summary>Where Development keeps a generated key: &lt;database&gt;.&lt;setting&gt;.key, e.g. onewindow.db.oidc-keyencryptionkey.key.</summary>
    public static string KeyFile(string sqliteFile, AtRestKey key) =>
        $"{sqliteFile}.{key.Setting.Replace(':', '-').ToLowerInvariant()}.key";

    private InvalidOperationException NotSet(AtRestKey key)
    {
        var earlier = sqliteFile == null ? null : new[] { LegacyPath(key, sqliteFile), KeyFile(sqliteFile, key) }.FirstOrDefault(File.Exists);
        var hint = earlier == null
            ? ""
            : $" A key generated earlier is in {earlier}: set that value to keep reading the data it protects.";
        var where = Development ? "With PostgreSQL" : $"In the {environmentName} environment";
        return new InvalidOperationException(
            $"{key.Module} cannot start: {key.Setting} is not set. {where} keys must be configured (only Development on SQLite generates " +
            $"its own). {HowToSet(key)} It protects {key.Protects} in the database.{hint}");
    }

    private static string HowToSet(AtRestKey key) =>
        $"Generate one with `openssl rand -base64 32` and set it as {key.EnvironmentName} (environment or secret store), the same on every node; keep it, data sealed under a lost key cannot be read again.";

    private static string? LegacyPath(AtRestKey key, string sqliteFile) => key.LegacyFile == null ? null : $"{sqliteFile}.{key.LegacyFile}";

    private static string ReadOrCreateBeside(AtRestKey key, string sqliteFile)
    {
        // A file an earlier version generated keeps working, or the data sealed under it could not be read.
        if (LegacyPath(key, sqliteFile) is { } legacy && File.Exists(legacy)
            && File.ReadAllText(legacy).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ElementAtOrDefault(key.LegacyLine) is { } old)
        {
            return old;
        }

        var path = KeyFile(sqliteFile, key);
        if (!File.Exists(path))
        {
            // Written aside and moved into place, so a process starting at the same moment never reads a half-written file.
            var draft = $"{path}.{Guid.NewGuid():N}.tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(draft, Encoding.ASCII, options))
            {
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }

            try
            {
                File.Move(draft, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
                File.Delete(draft);
            }
        }

        return File.ReadAllText(path).Trim();
    }
}
