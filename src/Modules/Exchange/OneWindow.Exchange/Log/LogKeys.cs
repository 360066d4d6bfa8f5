using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange.Log;

/// <summary>
/// The log's signing key (ECDSA P-256): generated once by the first sealer (under its lock), the private half stored in
/// exchange_log_keys sealed under Exchange:KeyEncryptionKey (<see cref="AtRestCipher"/>, the key id bound in as
/// associated data) — a copy of the database alone cannot sign a root. The public half is published
/// (GET /api/v1/exchange/log/keys).
/// </summary>
public sealed class LogKeys(AtRestCipher cipher)
{
    public const string Setting = "Exchange:KeyEncryptionKey";

    public const string Algorithm = "ES256";

    public static readonly AtRestKey Key = new(Setting, "The exchange module", "the signing key of the exchange log");

    public static LogKeys Load(AtRestKeys keys) => new(keys.Cipher(Key));

    /// <summary>Set once a key is known to exist, so idle sealer ticks do not look again.</summary>
    public bool Generated { get; set; }

    /// <summary>The current signing key, generated on first use. Call inside the sealer's locked transaction.</summary>
    public async Task<(string KeyId, ECDsa Key)> SignerAsync(ExchangeLogDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.Keys.Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct);
        if (row == null)
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var id = "xlog-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var pkcs8 = fresh.ExportPkcs8PrivateKey();
            try
            {
                row = new LogKeyRow
                {
                    Id = id, Algorithm = Algorithm, PublicKey = fresh.ExportSubjectPublicKeyInfo(),
                    PrivateKeyCipher = cipher.Seal(pkcs8, Purpose(id)), CreatedAt = now,
                };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }

            db.Keys.Add(row);
            await db.SaveChangesAsync(ct);
        }

        var plain = cipher.Open(row.PrivateKeyCipher, Purpose(row.Id));
        try
        {
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(plain, out _);
            return (row.Id, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    public static string Sign(ECDsa key, string rootText) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(rootText), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static bool Verify(byte[] publicKey, string rootText, string signature)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            return key.VerifyData(Encoding.UTF8.GetBytes(rootText), Convert.FromBase64String(signature), HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }

    public static string Pem(byte[] publicKey) => PemEncoding.WriteString("PUBLIC KEY", publicKey);

    private static byte[] Purpose(string keyId) => Encoding.UTF8.GetBytes("exchange_log_keys.private_key:" + keyId);
}
