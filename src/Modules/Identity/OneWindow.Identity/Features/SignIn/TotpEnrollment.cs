using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Audit;

namespace OneWindow.Identity.Features.SignIn;

/// <summary>A secret offered for binding: shown to the user (QR code and text) and carried in the form, encrypted and
/// bound to the account, until the user proves their app computes the same codes.</summary>
public sealed record PendingTotp(string SecretBase32, string Uri, string Token);

/// <summary>
/// 动态口令 (TOTP) as a second sign-in factor. Binding takes two steps — offer a secret, confirm a code from the
/// app — so a mistyped secret never locks anyone out. Unbinding needs the password.
/// </summary>
public sealed class TotpEnrollment(IdentityDbContext db, IdentityProtector protector, IPasswordHasher<IHasCredentials> hasher, TimeProvider clock)
{
    public const string Issuer = "一网通办";

    public PendingTotp Offer(string subject, string accountLabel)
    {
        var secret = Totp.NewSecret();
        var token = WebEncoders.Base64UrlEncode(protector.EncryptBytes(secret, ProtectedFields.PendingTotpSecret + ":" + subject));
        return new PendingTotp(Base32.Encode(secret), Totp.Uri(secret, Issuer, accountLabel), token);
    }

    /// <summary>Re-reads an offer from its token (for showing it again after a wrong code); null if forged or foreign.</summary>
    public PendingTotp? Reopen(string subject, string accountLabel, string? token)
    {
        var secret = OpenToken(subject, token);
        return secret == null ? null : new PendingTotp(Base32.Encode(secret), Totp.Uri(secret, Issuer, accountLabel), token!);
    }

    /// <summary>Binds the offered secret when the code matches it. False for a wrong code or a token not made for this account.</summary>
    public async Task<bool> ConfirmAsync<T>(T account, string subject, string? token, string? code, CancellationToken ct) where T : class, IHasCredentials
    {
        var secret = OpenToken(subject, token);
        var now = clock.GetUtcNow();
        if (secret == null || Totp.Match(secret, code, now, 0) is not { } step)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        account.TotpSecretCipher = protector.EncryptBytes(secret, ProtectedFields.TotpSecret);
        account.TotpLastStep = step;
        await db.SaveChangesAsync(ct);
        await AuditAsync(subject, "identity.totp.enabled", "绑定动态口令（第二登录因素）", now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<bool> RemoveAsync<T>(T account, string subject, string? password, CancellationToken ct) where T : class, IHasCredentials
    {
        if (hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "") == PasswordVerificationResult.Failed)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        account.TotpSecretCipher = null;
        account.TotpLastStep = 0;
        await db.SaveChangesAsync(ct);
        await AuditAsync(subject, "identity.totp.removed", "解除动态口令", now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private byte[]? OpenToken(string subject, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return protector.DecryptBytes(WebEncoders.Base64UrlDecode(token), ProtectedFields.PendingTotpSecret + ":" + subject);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private Task AuditAsync(string subject, string action, string summary, DateTimeOffset now, CancellationToken ct)
    {
        var (kind, id) = Subjects.Split(subject);
        return AuditLog.AppendAsync(db, new AuditRecord(subject, null, action, kind, id, summary), now, ct);
    }
}
