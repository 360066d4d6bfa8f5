namespace OneWindow.Identity.Domain;

/// <summary>
/// The sign-in state every account kind (citizen, staff) carries in its own table, so one
/// <see cref="Features.SignIn.CredentialGuard{TAccount}"/> enforces password, lockout and second factor for all.
/// </summary>
public interface IHasCredentials
{
    long Id { get; }

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2, salted, versioned).</summary>
    string PasswordHash { get; set; }

    /// <summary>Consecutive failed attempts (password or second factor) since the last success or lockout.</summary>
    int FailedSignIns { get; set; }

    /// <summary>While in the future, sign-in is refused whatever is typed.</summary>
    DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The TOTP secret (RFC 6238), AES-GCM encrypted; null while no authenticator app is bound.</summary>
    byte[]? TotpSecretCipher { get; set; }

    /// <summary>The last 30-second step whose code was accepted: the same code is never accepted twice.</summary>
    long TotpLastStep { get; set; }
}
