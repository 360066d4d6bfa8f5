using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Oidc.Domain;

namespace OneWindow.Oidc.Keys;

/// <summary>A signing key as loaded into memory: the public half for validation and JWKS, the private half only while
/// the key may still sign.</summary>
public sealed class KeyMaterial
{
    private KeyMaterial(SigningKey row, RSA publicRsa, RSA? privateRsa)
    {
        Kid = row.Kid;
        NotBefore = row.NotBefore;
        ActiveUntil = row.ActiveUntil;
        ExpiresAt = row.ExpiresAt;
        var parameters = publicRsa.ExportParameters(false);
        Modulus = Base64UrlEncoder.Encode(parameters.Modulus);
        Exponent = Base64UrlEncoder.Encode(parameters.Exponent);
        PublicKey = new RsaSecurityKey(publicRsa) { KeyId = Kid };
        PrivateKey = privateRsa;
    }

    public string Kid { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset? ActiveUntil { get; }

    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>JWK n (base64url).</summary>
    public string Modulus { get; }

    /// <summary>JWK e (base64url).</summary>
    public string Exponent { get; }

    public RsaSecurityKey PublicKey { get; }

    public RSA? PrivateKey { get; }

    /// <summary>Our kids are 16 random bytes in base64url (22 characters); anything else cannot be one of ours.</summary>
    public static bool IsWellFormedKid(string kid) => kid.Length == 22 && kid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public bool IsPublishedAt(DateTimeOffset now) => ExpiresAt == null || ExpiresAt > now;

    public bool CanSignAt(DateTimeOffset now) => PrivateKey != null && NotBefore <= now && (ActiveUntil == null || ActiveUntil > now);

    internal static KeyMaterial Load(SigningKey row, KeyProtector protector, DateTimeOffset now)
    {
        var publicRsa = RSA.Create();
        publicRsa.ImportSubjectPublicKeyInfo(row.PublicKey, out _);
        RSA? privateRsa = null;
        if (row.ActiveUntil == null || row.ActiveUntil > now)
        {
            var pkcs8 = protector.Unprotect(row.PrivateKeyCipher, row.Kid);
            try
            {
                privateRsa = RSA.Create();
                privateRsa.ImportPkcs8PrivateKey(pkcs8, out _);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }

        return new KeyMaterial(row, publicRsa, privateRsa);
    }

    /// <summary>A new RSA 2048 key, its private half encrypted for storage.</summary>
    internal static SigningKey Generate(KeyProtector protector, DateTimeOffset now, DateTimeOffset notBefore)
    {
        using var rsa = RSA.Create(2048);
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var pkcs8 = rsa.ExportPkcs8PrivateKey();
        try
        {
            return new SigningKey
            {
                Kid = kid,
                Algorithm = SecurityAlgorithms.RsaSha256,
                PublicKey = rsa.ExportSubjectPublicKeyInfo(),
                PrivateKeyCipher = protector.Protect(pkcs8, kid),
                CreatedAt = now,
                NotBefore = notBefore,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
