using OneWindow.Shared.Security;

namespace OneWindow.Identity.Protection;

/// <summary>
/// The two secrets that protect personal data at rest, from configuration section Identity:DataProtection:
/// EncryptionKey (AES-256-GCM) and IndexKey (HMAC-SHA256 blind index), each 32 random bytes in base64, loaded under the
/// platform's one key policy (<see cref="AtRestKeys"/>). They must differ: knowing the index key must not help
/// decrypt, and the reverse.
/// </summary>
public sealed class IdentityKeys
{
    public const string Section = "Identity:DataProtection";

    private const string Module = "Unified identity";

    /// <summary>Earlier versions generated both into &lt;database&gt;.identity-keys (one a line); Development still reads it.</summary>
    public static readonly AtRestKey Encryption = new($"{Section}:EncryptionKey", Module, "citizens' ID numbers, phones and second-factor secrets", "identity-keys", 0);

    public static readonly AtRestKey Index = new($"{Section}:IndexKey", Module, "the blind index of citizens' ID numbers", "identity-keys", 1);

    private IdentityKeys(byte[] encryptionKey, byte[] indexKey)
    {
        EncryptionKey = encryptionKey;
        IndexKey = indexKey;
    }

    public byte[] EncryptionKey { get; }

    public byte[] IndexKey { get; }

    /// <summary>Reads and checks both keys; on failure says which setting is wrong and how to make one (no key material in the message).</summary>
    public static IdentityKeys Load(AtRestKeys keys)
    {
        var encryption = keys.Load(Encryption);
        var index = keys.Load(Index);
        if (encryption.AsSpan().SequenceEqual(index))
        {
            throw new InvalidOperationException(
                $"{Module} cannot start: {Encryption.Setting} and {Index.Setting} must be different keys. Generate each with `openssl rand -base64 32`.");
        }

        return new IdentityKeys(encryption, index);
    }
}
