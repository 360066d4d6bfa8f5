namespace OneWindow.Oidc.Domain;

/// <summary>
/// An RSA 2048 key that signs tokens (RS256). Life cycle: published in JWKS from creation; signs from
/// <see cref="NotBefore"/> until <see cref="ActiveUntil"/> (when its successor takes over); stays published until
/// <see cref="ExpiresAt"/>, when every token it signed has expired; then it is deleted.
/// </summary>
public sealed class SigningKey
{
    /// <summary>Key id (JWT header kid, JWKS kid): 16 random bytes, base64url.</summary>
    public required string Kid { get; set; }

    public required string Algorithm { get; set; }

    /// <summary>SubjectPublicKeyInfo (DER).</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>PKCS#8 private key encrypted with AES-256-GCM under Oidc:KeyEncryptionKey (see KeyProtector).</summary>
    public required byte[] PrivateKeyCipher { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset? ActiveUntil { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }
}
