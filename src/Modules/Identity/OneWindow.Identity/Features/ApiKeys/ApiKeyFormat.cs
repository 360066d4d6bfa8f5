using System.Security.Cryptography;
using System.Text;

namespace OneWindow.Identity.Features.ApiKeys;

/// <summary>
/// The API key format: <c>owk_&lt;prefix&gt;_&lt;secret&gt;</c>, lower-case base32 (a–z, 2–7): an 8-character public prefix
/// (40 random bits: finds the row, names the key in lists) and a 52-character secret (256 random bits). The fixed
/// <c>owk_</c> start lets secret scanners recognise a leaked key: <c>owk_[a-z2-7]{8}_[a-z2-7]{52}</c>. Only the SHA-256
/// of the secret is stored; a random 256-bit secret needs no slow hash.
/// </summary>
public static class ApiKeyFormat
{
    public const string Start = "owk_";
    public const int PrefixLength = 8;
    public const int SecretLength = 52;
    public const int Length = 4 + PrefixLength + 1 + SecretLength;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static (string Key, string Prefix, string SecretHash) New()
    {
        var prefix = Base32(RandomNumberGenerator.GetBytes(5));
        var secret = Base32(RandomNumberGenerator.GetBytes(32));
        return (Start + prefix + "_" + secret, prefix, Hash(secret));
    }

    /// <summary>Splits a presented key; false when it is not of the format (never looked up then).</summary>
    public static bool TryParse(string? key, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (key == null || key.Length != Length || !key.StartsWith(Start, StringComparison.Ordinal) || key[4 + PrefixLength] != '_')
        {
            return false;
        }

        var p = key.Substring(4, PrefixLength);
        var s = key[(4 + PrefixLength + 1)..];
        if (!p.All(Alphabet.Contains) || !s.All(Alphabet.Contains))
        {
            return false;
        }

        (prefix, secret) = (p, s);
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    /// <summary>Constant-time comparison of two hex hashes.</summary>
    public static bool HashEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static string Base32(byte[] bytes)
    {
        // 5 bytes → 8 characters; 32 bytes → 52 characters (the last one carries 1 bit of padding: 256 = 51·5 + 1).
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
