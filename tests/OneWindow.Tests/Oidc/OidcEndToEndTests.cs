using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>
/// A real relying party, openid-client 6 on Node (tests/OneWindow.Tests/Oidc/rp), against the platform served by
/// Kestrel on a free loopback port: discovery, authorization URL with PKCE S256 + state + nonce, code exchange with
/// client_secret_basic, ID token validation against the JWKS, userinfo. The browser part (the signed-in session
/// following the authorization URL) is played by the test. Node and the rp's node_modules are required: without them
/// the test fails, it never skips.
/// </summary>
public abstract class OidcEndToEndTests(DbKind kind)
{
    private const string Redirect = "http://127.0.0.1:5090/callback";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Openid_client_signs_a_staff_member_in_to_a_department_system()
    {
        var rp = RelyingPartyFolder();
        await using var database = await TestDatabase.CreateAsync(kind);
        // Two nodes on one database behind one public origin: the browser's node (in memory, where the test signs in
        // and authorizes) and the relying party's node (Kestrel on a free loopback port, which Node can reach).
        await using var browserNode = new OneWindowApp(database);
        await browserNode.WaitUntilReadyAsync();
        await using var apiNode = browserNode.WithWebHostBuilder(_ => { });
        apiNode.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        apiNode.StartServer();
        var issuer = apiNode.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        using var direct = new HttpClient { BaseAddress = new Uri(issuer + "/") };
        Assert.Equal(issuer, (await Json.GetAsync(direct, "/.well-known/openid-configuration"))["issuer"]!.GetValue<string>());

        var browser = await browserNode.SignedInAsync("editor", "ga");
        var session = await Json.GetAsync(browser, "/api/v1/me");

        using var node = StartNode(rp, issuer, DemoClient, DemoSecret, Redirect);
        try
        {
            var first = await ReadJsonLineAsync(node);
            var authorizationUrl = first["authorizationUrl"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("rp.mjs: " + first.ToJsonString());
            Assert.StartsWith(issuer + "/connect/authorize?", authorizationUrl);
            var query = QueryOf(new Uri(authorizationUrl));
            Assert.Equal("S256", query["code_challenge_method"]);
            Assert.Contains("state", query.Keys);
            Assert.Contains("nonce", query.Keys);

            // The browser: the session cookie follows the authorization URL (to the public origin, served by the
            // browser's node); the provider redirects to the callback.
            using var authorize = new HttpRequestMessage(HttpMethod.Get, new Uri(authorizationUrl).PathAndQuery);
            authorize.Headers.Host = new Uri(issuer).Authority;
            var response = await browser.SendAsync(authorize);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var callback = response.Headers.Location!.ToString();
            Assert.StartsWith(Redirect + "?code=", callback);
            await node.StandardInput.WriteLineAsync(callback);
            node.StandardInput.Close();

            var result = await ReadJsonLineAsync(node);
            Assert.True(await ExitedAsync(node), "rp.mjs did not finish");
            Assert.True(node.ExitCode == 0 && result["error"] == null, $"rp.mjs failed: {result.ToJsonString()} {await node.StandardError.ReadToEndAsync()}");

            var subject = session["subject"]!.GetValue<string>();
            var claims = result["claims"]!;
            Assert.Equal(issuer, result["issuer"]!.GetValue<string>());
            Assert.Equal(issuer, claims["iss"]!.GetValue<string>());
            Assert.Equal(DemoClient, claims["aud"]!.GetValue<string>());
            Assert.Equal(subject, claims["sub"]!.GetValue<string>());
            Assert.Equal(query["nonce"], claims["nonce"]!.GetValue<string>());
            Assert.Equal(session["name"]!.GetValue<string>(), claims["name"]!.GetValue<string>());
            Assert.Equal(session["departmentId"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), claims["ow:department"]!.GetValue<string>());
            Assert.Equal(subject, result["userinfo"]!["sub"]!.GetValue<string>());
            Assert.Equal("openid profile offline_access catalog.read", result["scope"]!.GetValue<string>());

            // The access token the relying party holds works on the platform API as that person.
            var me = await Json.ReadAsync(await MeAsync(direct, result["accessToken"]!.GetValue<string>()));
            Assert.Equal(subject, me["subject"]!.GetValue<string>());

            // Refresh (rotated), introspection, revocation of the new refresh token (refreshing with it then fails)
            // and of the refreshed access token (the API refuses it).
            Assert.True(result["refreshTokenIssued"]!.GetValue<bool>());
            Assert.True(result["refreshRotated"]!.GetValue<bool>());
            Assert.Equal("openid profile offline_access catalog.read", result["refreshedScope"]!.GetValue<string>());
            var introspection = result["introspection"]!;
            Assert.True(introspection["active"]!.GetValue<bool>());
            Assert.Equal(subject, introspection["sub"]!.GetValue<string>());
            Assert.Equal(DemoClient, introspection["client_id"]!.GetValue<string>());
            Assert.Equal("invalid_grant", result["refreshAfterRevocation"]!.GetValue<string>());
            await AssertRefusedAsync(direct, result["refreshedAccessToken"]!.GetValue<string>(), "access token revoked by the relying party");
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartNode(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "rp.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Node.js is required for the OIDC end-to-end test (node on PATH, version 20 or later): {e.Message}. scripts/test.sh checks for it.");
        }
    }

    private static async Task<JsonNode> ReadJsonLineAsync(Process node)
    {
        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        if (line == null)
        {
            throw new Xunit.Sdk.XunitException("rp.mjs ended without output: " + await node.StandardError.ReadToEndAsync());
        }

        return JsonNode.Parse(line)!;
    }

    private static async Task<bool> ExitedAsync(Process node)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>tests/OneWindow.Tests/Oidc/rp in the source tree, with its node_modules installed.</summary>
    private static string RelyingPartyFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "OneWindow.slnx")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? throw new Xunit.Sdk.XunitException("Source tree (OneWindow.slnx) not found above " + AppContext.BaseDirectory),
            "tests", "OneWindow.Tests", "Oidc", "rp");
        if (!File.Exists(Path.Combine(folder, "node_modules", "openid-client", "package.json")))
        {
            throw new Xunit.Sdk.XunitException($"openid-client is not installed: run `npm ci` in {folder} (scripts/test.sh does).");
        }

        return folder;
    }
}

[Trait("Database", "Sqlite")]
public sealed class OidcEndToEndTestsOnSqlite() : OidcEndToEndTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcEndToEndTestsOnPostgres() : OidcEndToEndTests(DbKind.Postgres);
