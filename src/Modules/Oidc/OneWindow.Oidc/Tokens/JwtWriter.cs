using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Oidc.Keys;

namespace OneWindow.Oidc.Tokens;

/// <summary>Writes a compact JWS: RS256 only, the key's kid in the header.</summary>
internal static class JwtWriter
{
    public const string AccessTokenType = "at+jwt";
    public const string IdTokenType = "JWT";

    // Names stay readable (合肥市…) and "+" stays "+": the token is JSON in base64url, never HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Sign(KeyMaterial key, string type, IReadOnlyDictionary<string, object> payload)
    {
        var rsa = key.PrivateKey ?? throw new InvalidOperationException("This key no longer signs.");
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = SecurityAlgorithms.RsaSha256, ["kid"] = key.Kid, ["typ"] = type }, Options);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, Options);
        var signingInput = Base64UrlEncoder.Encode(header) + "." + Base64UrlEncoder.Encode(body);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }
}
