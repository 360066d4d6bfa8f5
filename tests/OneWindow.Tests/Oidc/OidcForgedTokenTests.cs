using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Oidc.Keys;
using OneWindow.Oidc.Tokens;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>Bearer tokens that must not get in: every one is a 401 problem on /api/v1/me, with invalid_token.</summary>
public abstract class OidcForgedTokenTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task Unsigned_and_HS256_tokens_are_refused_whatever_they_claim()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var genuine = await ClientTokenAsync(http, DemoClient, DemoSecret);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, genuine)).StatusCode);
        var header = Header(genuine);
        var payload = Payload(genuine);

        foreach (var alg in new[] { "none", "None", "NONE" })
        {
            var unsigned = WithAlg(header, alg);
            await AssertRefusedAsync(http, Encode(unsigned) + "." + Encode(payload) + ".", $"alg {alg}, empty signature");
            await AssertRefusedAsync(http, Encode(unsigned) + "." + Encode(payload) + "." + genuine.Split('.')[2], $"alg {alg}, copied signature");
        }

        // The classic confusion: HMAC keyed with our public key (as SubjectPublicKeyInfo DER, as PEM, as the JWK n).
        var publicKey = await PublicKeyAsync(app, header["kid"]!.GetValue<string>());
        var secrets = new[]
        {
            publicKey.ExportSubjectPublicKeyInfo(), Encoding.ASCII.GetBytes(publicKey.ExportSubjectPublicKeyInfoPem()),
            Encoding.ASCII.GetBytes(publicKey.ExportSubjectPublicKeyInfoPem() + "\n"), publicKey.ExportRSAPublicKey(),
            Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(publicKey.ExportParameters(false).Modulus)),
        };
        foreach (var secret in secrets)
        {
            foreach (var alg in new[] { "HS256", "HS512" })
            {
                var forged = Compose(WithAlg(header, alg), payload, input => alg == "HS256" ? HMACSHA256.HashData(secret, input) : HMACSHA512.HashData(secret, input));
                await AssertRefusedAsync(http, forged, alg + " keyed with the public key");
            }
        }
    }

    [Fact]
    public async Task Tokens_signed_by_a_foreign_key_are_refused_even_when_they_name_our_kid()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var genuine = await ClientTokenAsync(http, DemoClient, DemoSecret);
        using var foreign = RSA.Create(2048);
        byte[] Sign(byte[] input) => foreign.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        await AssertRefusedAsync(http, Compose(Header(genuine), Payload(genuine), Sign), "foreign key, our kid");
        var ownKid = Header(genuine);
        ownKid["kid"] = "attacker-key-1";
        await AssertRefusedAsync(http, Compose(ownKid, Payload(genuine), Sign), "foreign key, its own kid");
        var noKid = Header(genuine);
        noKid.AsObject().Remove("kid");
        await AssertRefusedAsync(http, Compose(noKid, Payload(genuine), Sign), "foreign key, no kid");
        // A key embedded in the header (jwk) is never trusted.
        var embedded = Header(genuine);
        var p = foreign.ExportParameters(false);
        embedded["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
        await AssertRefusedAsync(http, Compose(embedded, Payload(genuine), Sign), "foreign key in a jwk header");
    }

    [Fact]
    public async Task A_tampered_payload_or_header_breaks_the_signature()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var genuine = await ClientTokenAsync(http, DemoClient, DemoSecret, "catalog.read");
        var parts = genuine.Split('.');
        foreach (var (name, value) in new (string, JsonNode)[]
        {
            ("scope", "catalog.read cases.write"), ("sub", "staff:1"), ("ow:kind", "staff"), ("role", new JsonArray("platform_admin")),
            ("exp", Payload(genuine)["exp"]!.GetValue<long>() + 3600), ("ow:department", "1"),
        })
        {
            var payload = Payload(genuine);
            payload[name] = value;
            await AssertRefusedAsync(http, parts[0] + "." + Encode(payload) + "." + parts[2], "tampered " + name);
        }

        var header = Header(genuine);
        header["typ"] = "JWT";
        await AssertRefusedAsync(http, Encode(header) + "." + parts[1] + "." + parts[2], "tampered typ");
        await AssertRefusedAsync(http, parts[0] + "." + parts[1] + "." + parts[2][..^4] + "AAAA", "changed signature");
        await AssertRefusedAsync(http, "not-a-jwt", "garbage");
        await AssertRefusedAsync(http, parts[0] + "." + parts[1], "no signature part");
    }

    [Fact]
    public async Task Our_own_signature_is_not_enough_the_audience_issuer_type_and_lifetime_must_fit()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var key = await app.Services.GetRequiredService<SigningKeyStore>().SigningKeyAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Dictionary<string, object> Claims(string aud = "onewindow-api", string iss = "http://localhost", long? exp = null, long? nbf = null) => new()
        {
            ["iss"] = iss, ["aud"] = aud, ["sub"] = "client:" + DemoClient, ["ow:kind"] = "client", ["scope"] = "catalog.read",
            ["iat"] = now, ["nbf"] = nbf ?? now, ["exp"] = exp ?? now + 300, ["jti"] = Guid.NewGuid().ToString("N"),
        };

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, JwtWriter.Sign(key, JwtWriter.AccessTokenType, Claims()))).StatusCode);
        await AssertRefusedAsync(http, JwtWriter.Sign(key, JwtWriter.AccessTokenType, Claims(aud: "gaj-business-system")), "wrong audience");
        await AssertRefusedAsync(http, JwtWriter.Sign(key, JwtWriter.AccessTokenType, Claims(aud: "onewindow-api-2")), "similar audience");
        await AssertRefusedAsync(http, JwtWriter.Sign(key, JwtWriter.AccessTokenType, Claims(iss: "https://idp.attacker.example")), "wrong issuer");
        await AssertRefusedAsync(http, JwtWriter.Sign(key, JwtWriter.IdTokenType, Claims()), "an ID token type");
        await AssertRefusedAsync(http, JwtWriter.Sign(key, JwtWriter.AccessTokenType, Claims(exp: now - 120)), "expired two minutes ago");
        await AssertRefusedAsync(http, JwtWriter.Sign(key, JwtWriter.AccessTokenType, Claims(nbf: now + 600, exp: now + 900)), "not valid yet");
        var noExp = Claims();
        noExp.Remove("exp");
        await AssertRefusedAsync(http, JwtWriter.Sign(key, JwtWriter.AccessTokenType, noExp), "no exp");
    }

    [Fact]
    public async Task A_bad_bearer_token_does_not_fall_back_to_the_session_cookie()
    {
        var app = await AppAsync();
        var signedIn = await app.SignedInAsync("editor", "ga");
        Assert.Equal("staff", (await Json.GetAsync(signedIn, "/api/v1/me"))["kind"]!.GetValue<string>());
        await AssertRefusedAsync(signedIn, "forged.token.here", "cookie plus a bad bearer");
        await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/me"), 401);
    }

    private static async Task<RSA> PublicKeyAsync(OneWindowApp app, string kid)
    {
        var jwks = await Json.GetAsync(app.Anonymous(), "/.well-known/jwks.json");
        var jwk = jwks["keys"]!.AsArray().Single(k => k!["kid"]!.GetValue<string>() == kid)!;
        return RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk["n"]!.GetValue<string>()), Exponent = Base64UrlEncoder.DecodeBytes(jwk["e"]!.GetValue<string>()) });
    }

    private static JsonNode WithAlg(JsonNode header, string alg)
    {
        var copy = JsonNode.Parse(header.ToJsonString())!;
        copy["alg"] = alg;
        return copy;
    }

    private static string Encode(JsonNode node) => Base64UrlEncoder.Encode(node.ToJsonString());
}

[Trait("Database", "Sqlite")]
public sealed class OidcForgedTokenTestsOnSqlite() : OidcForgedTokenTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcForgedTokenTestsOnPostgres() : OidcForgedTokenTests(DbKind.Postgres);
