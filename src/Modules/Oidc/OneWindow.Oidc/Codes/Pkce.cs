using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace OneWindow.Oidc.Codes;

/// <summary>RFC 7636 with S256 only: plain would let anyone who sees the authorization request redeem the code.</summary>
public static partial class Pkce
{
    public const string S256 = "S256";

    /// <summary>A challenge is base64url(SHA-256(verifier)): exactly 43 characters.</summary>
    public static bool IsChallenge(string? value) => value != null && ChallengePattern().IsMatch(value);

    /// <summary>43-128 characters of [A-Z a-z 0-9 - . _ ~].</summary>
    public static bool IsVerifier(string? value) => value != null && VerifierPattern().IsMatch(value);

    public static bool Matches(string verifier, string challenge)
    {
        var computed = Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(challenge));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex ChallengePattern();

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$")]
    private static partial Regex VerifierPattern();
}
