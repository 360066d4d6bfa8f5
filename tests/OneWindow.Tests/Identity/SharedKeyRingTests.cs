using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Identity.Protection.KeyRing;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Identity;

/// <summary>
/// Several nodes, one database: a session cookie or a form's antiforgery token issued by one node is accepted by the
/// other, because the data-protection key ring is in the database (identity_data_protection_keys), sealed under
/// Identity:DataProtection:KeyRingKey. Before, each node kept its own ring (~/.aspnet/DataProtection-Keys): node B
/// answered 401 to node A's session and 400 to A's forms; the first test reproduces that with per-node keys.
/// </summary>
public abstract class SharedKeyRingTests(DbKind kind)
{
    private const string OtherKeyRingKey = "Zk6bq0pM0w8r3vXJ7d1sYtH2uN5aC9eF4gL8iK0oQ3M=";

    [Fact]
    public async Task Without_a_shared_ring_node_B_rejects_node_A_session_and_forms()
    {
        // The hole, reproduced: each node with keys of its own, as each machine had its ~/.aspnet/DataProtection-Keys.
        await using var nodes = await TwoNodes.StartAsync(kind, services: (_, s) => s.AddDataProtection().UseEphemeralDataProtectionProvider());
        var staff = await nodes.CreateStaffAsync();
        var browser = nodes.NewBrowser();

        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(browser.A, staff.UserName, staff.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.A.GetAsync("/api/v1/staff/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.B.GetAsync("/api/v1/staff/me")).StatusCode);

        var form = await FormFromAAsync(browser);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostSignInToBAsync(browser, form, staff)).StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_from_node_A_is_accepted_by_node_B()
    {
        await using var nodes = await TwoNodes.StartAsync(kind);
        var staff = await nodes.CreateStaffAsync();
        var browser = nodes.NewBrowser();

        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(browser.A, staff.UserName, staff.Password)).StatusCode);
        var onA = await browser.A.GetFromJsonAsync<Me>("/api/v1/staff/me", Json.Options);
        var onB = await browser.B.GetFromJsonAsync<Me>("/api/v1/staff/me", Json.Options);
        Assert.Equal($"staff:{staff.Id}", onA!.Subject);
        Assert.Equal(onA.Subject, onB!.Subject);
        Assert.Equal(onA.Roles, onB.Roles);

        // The generic claims endpoint agrees.
        var me = await browser.B.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/me", Json.Options);
        Assert.Equal(onA.Subject, me.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task An_antiforgery_token_and_cookie_from_a_form_on_node_A_are_accepted_by_a_post_on_node_B()
    {
        await using var nodes = await TwoNodes.StartAsync(kind);
        var staff = await nodes.CreateStaffAsync();
        var browser = nodes.NewBrowser();

        var form = await FormFromAAsync(browser);
        Assert.Contains("ow.csrf", browser.CookieNames);
        var posted = await PostSignInToBAsync(browser, form, staff);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        // The session node B issued is good on node A as well.
        Assert.Equal(HttpStatusCode.OK, (await browser.A.GetAsync("/api/v1/staff/me")).StatusCode);

        // And a tampered token is still refused (the check is on, not bypassed).
        var tampered = await browser.B.PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form[..^4] + "AAAA",
            ["UserName"] = staff.UserName,
            ["Password"] = staff.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
    }

    [Fact]
    public async Task The_key_ring_rows_hold_no_master_key_in_clear()
    {
        await using var nodes = await TwoNodes.StartAsync(kind);
        var rows = await nodes.A.QueryAsync<KeyRingDbContext, List<string>>(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());

        Assert.NotEmpty(rows);
        var cipher = nodes.A.Services.GetRequiredService<KeyRingCipher>();
        foreach (var xml in rows)
        {
            Assert.DoesNotContain("<masterKey", xml);
            Assert.DoesNotContain("<value>", xml);
            var key = XElement.Parse(xml);
            var sealedKey = Assert.Single(key.Descendants(KeyRingCipher.SealedElement));
            Assert.Equal(cipher.KeyId, (string?)sealedKey.Attribute("keyId"));
            Assert.Contains(typeof(KeyRingDecryptor).FullName!, (string?)sealedKey.Parent!.Attribute("decryptorType"));

            // What is sealed is the framework's master key, and only the key-ring key opens it.
            var opened = cipher.Open(sealedKey);
            Assert.Equal("masterKey", opened.Name.LocalName);
            Assert.Equal(64, Convert.FromBase64String(opened.Element("value")!.Value).Length);
            Assert.Throws<System.Security.Cryptography.CryptographicException>(() => new KeyRingCipher(Convert.FromBase64String(OtherKeyRingKey)).Open(sealedKey));
        }
    }

    [Fact]
    public async Task A_node_with_another_key_ring_key_refuses_to_start_and_adds_no_key()
    {
        await using var nodes = await TwoNodes.StartAsync(kind);
        var browser = nodes.NewBrowser();
        var staff = await nodes.CreateStaffAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(browser.A, staff.UserName, staff.Password)).StatusCode);
        var before = await KeyCountAsync(nodes.A);

        await using var wrong = nodes.AnotherNode(new Dictionary<string, string> { ["Identity:DataProtection:KeyRingKey"] = OtherKeyRingKey });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(wrong.WaitUntilReadyAsync);
        Assert.Contains("cannot read the data-protection key ring", error.Message);
        Assert.Contains("Identity__DataProtection__KeyRingKey", error.Message);
        Assert.Contains("sealed under another Identity:DataProtection:KeyRingKey", error.Message);
        Assert.DoesNotContain(OtherKeyRingKey, error.Message);

        // It does not serve: readiness says failed, and A's session is not turned into a 401 there but a 503.
        var health = await wrong.Anonymous().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("failed", await health.Content.ReadAsStringAsync());
        using var toWrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/staff/me");
        toWrong.Headers.Add("Cookie", browser.Cookies.GetCookieHeader(new Uri("http://localhost/")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await wrong.Anonymous().SendAsync(toWrong)).StatusCode);

        // Even asked directly for a protected payload, it adds no key of its own to the shared ring.
        var protector = wrong.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var refused = Assert.ThrowsAny<Exception>(() => protector.Protect([1, 2, 3]));
        Assert.Contains("cannot read the data-protection key ring", string.Join(" | ", Chain(refused).Select(e => e.Message)));
        Assert.Equal(before, await KeyCountAsync(nodes.A));
        Assert.Equal(HttpStatusCode.OK, (await browser.B.GetAsync("/api/v1/staff/me")).StatusCode);
    }

    [Fact]
    public async Task Two_nodes_each_with_a_key_of_its_own_in_the_ring_read_each_others()
    {
        // Started together on an empty ring, both nodes may create the first key. Forced here: B adds a key that is
        // active at once while A has already loaded the ring; each must still accept the other's cookies.
        await using var nodes = await TwoNodes.StartAsync(kind);
        nodes.B.Services.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90));
        var keys = await KeyCountAsync(nodes.A);
        Assert.True(keys >= 2, $"expected at least two keys, found {keys}");

        var staff = await nodes.CreateStaffAsync();
        var viaB = nodes.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(viaB.B, staff.UserName, staff.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viaB.A.GetAsync("/api/v1/staff/me")).StatusCode);

        var viaA = nodes.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(viaA.A, staff.UserName, staff.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viaA.B.GetAsync("/api/v1/staff/me")).StatusCode);
        Assert.Equal(keys, await KeyCountAsync(nodes.A));
    }

    internal static Task<int> KeyCountAsync(OneWindowApp app) =>
        app.QueryAsync<KeyRingDbContext, int>(db => db.DataProtectionKeys.CountAsync(k => k.Xml!.StartsWith("<key")));

    private static Task<string> FormFromAAsync(TwoNodes.Browser browser) => OneWindowApp.AntiforgeryTokenAsync(browser.A, "/staff/signin");

    private static Task<HttpResponseMessage> PostSignInToBAsync(TwoNodes.Browser browser, string token, (string UserName, string Password, long Id) staff) =>
        browser.B.PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = staff.UserName,
            ["Password"] = staff.Password,
            ["ReturnUrl"] = "",
        }));

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e != null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private sealed record Me(string Subject, string Name, IReadOnlyList<string> Roles);
}

[Trait("Database", "Sqlite")]
public sealed class SharedKeyRingTestsOnSqlite() : SharedKeyRingTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class SharedKeyRingTestsOnPostgres() : SharedKeyRingTests(DbKind.Postgres);
