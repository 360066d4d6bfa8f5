using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>The discovery document, the JWKS, and where the issuer comes from.</summary>
public abstract class OidcDiscoveryTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task The_discovery_document_advertises_exactly_what_the_provider_does()
    {
        var app = await AppAsync();
        var doc = await Json.GetAsync(app.Anonymous(), "/.well-known/openid-configuration");
        Assert.Equal("http://localhost", doc["issuer"]!.GetValue<string>());
        Assert.Equal("http://localhost/connect/authorize", doc["authorization_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/connect/token", doc["token_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/connect/userinfo", doc["userinfo_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/.well-known/jwks.json", doc["jwks_uri"]!.GetValue<string>());
        Assert.Equal("http://localhost/connect/endsession", doc["end_session_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/connect/revoke", doc["revocation_endpoint"]!.GetValue<string>());
        Assert.Equal("http://localhost/connect/introspect", doc["introspection_endpoint"]!.GetValue<string>());
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(doc["grant_types_supported"]));
        Assert.Equal(["code"], Strings(doc["response_types_supported"]));
        Assert.Equal(["S256"], Strings(doc["code_challenge_methods_supported"]));
        Assert.Equal(["public"], Strings(doc["subject_types_supported"]));
        Assert.Equal(["RS256"], Strings(doc["id_token_signing_alg_values_supported"]));
        Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(doc["token_endpoint_auth_methods_supported"]));
        Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(doc["revocation_endpoint_auth_methods_supported"]));
        Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(doc["introspection_endpoint_auth_methods_supported"]));
        // The OIDC scopes first, then every API scope the modules registered (ApiScopeCatalog) and the older names.
        var scopes = Strings(doc["scopes_supported"]);
        Assert.Equal(["openid", "profile", "offline_access"], scopes.Take(3));
        var catalog = app.Services.GetRequiredService<ApiScopeCatalog>().All.Select(s => s.Name);
        Assert.Equal(catalog.Concat(["catalog.read", "cases.read", "cases.write", "webhooks.manage", "registry.write", "licences.read", "licences.write"]).Distinct().Order(StringComparer.Ordinal),
            scopes.Skip(3));
        Assert.Contains("clients.manage", scopes);
        foreach (var claim in new[] { "sub", "name", "ow:kind", "ow:department", "ow:region", "role", "nonce", "auth_time" })
        {
            Assert.Contains(claim, Strings(doc["claims_supported"]));
        }

        // The protocol endpoints are documented in docs/integration-oidc.md, not in the OpenAPI document; /api/v1/me is.
        var openApi = await Json.GetAsync(app.Anonymous(), "/openapi/v1.json");
        Assert.Null(openApi["paths"]!["/connect/token"]);
        Assert.NotNull(openApi["paths"]!["/api/v1/me"]!["get"]!["responses"]!["401"]);
        Assert.NotNull(openApi["paths"]!["/api/v1/me"]!["get"]!["responses"]!["200"]);
    }

    [Fact]
    public async Task The_jwks_publishes_public_RSA_keys_only_and_they_verify_our_tokens()
    {
        var app = await AppAsync();
        var jwks = await Json.GetAsync(app.Anonymous(), "/.well-known/jwks.json");
        var keys = jwks["keys"]!.AsArray();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.Equal(["alg", "e", "kid", "kty", "n", "use"], key!.AsObject().Select(p => p.Key).Order().ToArray());
            Assert.Equal("RSA", key["kty"]!.GetValue<string>());
            Assert.Equal("sig", key["use"]!.GetValue<string>());
            Assert.Equal("RS256", key["alg"]!.GetValue<string>());
            Assert.Equal(256, Base64UrlEncoder.DecodeBytes(key["n"]!.GetValue<string>()).Length);
        }

        // A token's kid names a published key whose n/e verify its signature.
        var token = await ClientTokenAsync(app.Anonymous(), DemoClient, DemoSecret);
        var kid = Header(token)["kid"]!.GetValue<string>();
        var jwk = keys.Single(k => k!["kid"]!.GetValue<string>() == kid)!;
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk["n"]!.GetValue<string>()), Exponent = Base64UrlEncoder.DecodeBytes(jwk["e"]!.GetValue<string>()) });
        var parts = token.Split('.');
        Assert.True(rsa.VerifyData(System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlEncoder.DecodeBytes(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Without_configuration_the_issuer_is_the_request_origin()
    {
        var app = await AppAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Host = "zwfw.example.test:8443";
        var doc = await Json.ReadAsync(await app.Anonymous().SendAsync(request));
        Assert.Equal("http://zwfw.example.test:8443", doc["issuer"]!.GetValue<string>());
        Assert.Equal("http://zwfw.example.test:8443/connect/token", doc["token_endpoint"]!.GetValue<string>());

        // Tokens name the issuer they were requested at, and are only accepted there.
        var token = await ClientTokenAsync(app.Anonymous(), DemoClient, DemoSecret);
        Assert.Equal("http://localhost", Payload(token)["iss"]!.GetValue<string>());
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        elsewhere.Headers.Host = "zwfw.example.test:8443";
        elsewhere.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().SendAsync(elsewhere)).StatusCode);
    }

    [Fact]
    public async Task A_configured_issuer_wins_over_the_request_origin()
    {
        var shared = await AppAsync();
        // A second node on the same database, configured with the public issuer.
        await using var node = shared.WithWebHostBuilder(b => b.UseSetting("Oidc:Issuer", "https://zwfw.example.gov.cn/"));
        // Like a load balancer, wait for its start-up (migrations check, seeders) before sending it traffic.
        await node.Services.GetRequiredService<OneWindow.Shared.Startup.StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        var http = node.CreateClient();
        var doc = await Json.GetAsync(http, "/.well-known/openid-configuration");
        Assert.Equal("https://zwfw.example.gov.cn", doc["issuer"]!.GetValue<string>());
        Assert.Equal("https://zwfw.example.gov.cn/connect/authorize", doc["authorization_endpoint"]!.GetValue<string>());
        Assert.Equal("https://zwfw.example.gov.cn/.well-known/jwks.json", doc["jwks_uri"]!.GetValue<string>());
        var token = await ClientTokenAsync(http, DemoClient, DemoSecret);
        Assert.Equal("https://zwfw.example.gov.cn", Payload(token)["iss"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, token)).StatusCode);
    }

    private static string[] Strings(System.Text.Json.Nodes.JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}

[Trait("Database", "Sqlite")]
public sealed class OidcDiscoveryTestsOnSqlite() : OidcDiscoveryTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcDiscoveryTestsOnPostgres() : OidcDiscoveryTests(DbKind.Postgres);
