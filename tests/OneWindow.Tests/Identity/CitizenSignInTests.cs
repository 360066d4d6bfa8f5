using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>Citizen sign-in through the real pages: password, lockout, the authenticator second factor, phone
/// verification (L2) and password reset by codes read from the capturing sender.</summary>
public abstract partial class CitizenSignInTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_citizen_signs_in_and_sees_their_profile_with_the_number_masked()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = app.Anonymous();
        var response = await SignInAsync(client, citizen.IdNumber.ToLowerInvariant(), citizen.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ow.session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var html = await client.GetStringAsync("/account");
        Assert.Contains(citizen.Name, html);
        Assert.Contains(citizen.IdNumber[..6] + "********" + citizen.IdNumber[14..], html);
        Assert.DoesNotContain(citizen.IdNumber, html);
        Assert.Contains("L1", html);
        Assert.Equal(1, await AuditCountAsync(app, "identity.signin.succeeded", citizen.Id.ToString()));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_number_get_the_same_answer_and_no_session()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var wrong = await SignInAsync(app.Anonymous(), citizen.IdNumber, "not the password 1");
        var unknown = await SignInAsync(app.Anonymous(), IdentityTestData.NewIdNumber(), citizen.Password);
        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("公民身份号码或密码错误", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ow.session=", StringComparison.Ordinal)));
        }

        Assert.Equal(1, await AuditCountAsync(app, "identity.signin.failed", citizen.Id.ToString()));
    }

    [Fact]
    public async Task Five_wrong_passwords_make_the_account_wait_even_against_the_right_one()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(app.Anonymous(), citizen.IdNumber, "wrong password " + i)).StatusCode);
        }

        var waiting = await SignInAsync(app.Anonymous(), citizen.IdNumber, citizen.Password);
        Assert.Equal(HttpStatusCode.BadRequest, waiting.StatusCode);
        Assert.Matches(@"密码错误次数过多，请 \d+ 分钟后再试", await waiting.Content.ReadAsStringAsync());
        var row = await app.QueryAsync<IdentityDbContext, Citizen>(db => db.Citizens.AsNoTracking().SingleAsync(c => c.Id == citizen.Id));
        Assert.NotNull(row.LockedUntil);
        Assert.Equal(1, await AuditCountAsync(app, "identity.signin.throttled", citizen.Id.ToString()));
        Assert.Equal(1, await AuditCountAsync(app, "identity.signin.refused", citizen.Id.ToString()));
    }

    [Fact]
    public async Task Sign_in_without_the_csrf_token_is_refused()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = app.Anonymous();
        await client.GetAsync("/signin");
        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["IdNumber"] = citizen.IdNumber, ["Password"] = citizen.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ow.session=", StringComparison.Ordinal)));
        Assert.Equal(0, await AuditCountAsync(app, "identity.signin.succeeded", citizen.Id.ToString()));
    }

    [Fact]
    public async Task A_phone_code_raises_the_account_to_L2_once_and_wrong_or_expired_codes_do_not()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = await SignedInAsync(app, citizen);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(client, "/account/verify", [], "Send")).StatusCode);
        var code = await LatestCodeAsync(app, citizen);
        var again = await PostFormAsync(client, "/account/verify", [], "Send");
        Assert.Contains("秒后可重新获取", await again.Content.ReadAsStringAsync());

        var wrongCode = code == "000000" ? "111111" : "000000";
        Assert.Equal(HttpStatusCode.BadRequest, (await PostFormAsync(client, "/account/verify", new() { ["Code"] = wrongCode }, "Confirm")).StatusCode);
        Assert.Equal(AssuranceLevel.Registered, await LevelAsync(app, citizen));

        var confirmed = await PostFormAsync(client, "/account/verify", new() { ["Code"] = code }, "Confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(AssuranceLevel.IdVerified, await LevelAsync(app, citizen));
        Assert.Contains("L2", await client.GetStringAsync("/account"));
        Assert.Equal(1, await AuditCountAsync(app, "identity.citizen.phone_verified", citizen.Id.ToString()));

        // The same code a second time: used up.
        var reused = await PostFormAsync(client, "/account/verify", new() { ["Code"] = code }, "Confirm", tokenPage: "/account/security");
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("秒后可重新获取", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = await SignedInAsync(app, citizen);
        await PostFormAsync(client, "/account/verify", [], "Send");
        var code = await LatestCodeAsync(app, citizen);
        // Eleven minutes later, as far as the stored code is concerned.
        await app.QueryAsync<IdentityDbContext, int>(async db =>
        {
            var row = await db.OneTimeCodes.SingleAsync(c => c.CitizenId == citizen.Id);
            row.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });
        var response = await PostFormAsync(client, "/account/verify", new() { ["Code"] = code }, "Confirm");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("验证码已失效", await response.Content.ReadAsStringAsync());
        Assert.Equal(AssuranceLevel.Registered, await LevelAsync(app, citizen));
    }

    [Fact]
    public async Task With_an_authenticator_bound_sign_in_needs_a_fresh_code_and_a_code_works_once()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = await SignedInAsync(app, citizen);
        var offer = await PostFormAsync(client, "/account/security", [], "Offer");
        var html = await offer.Content.ReadAsStringAsync();
        var secret = Base32.Decode(SecretPattern().Match(html).Groups[1].Value);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var bind = await PostFormAsync(client, "/account/security", new() { ["Token"] = token, ["Code"] = Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow)) }, "Confirm");
        Assert.Equal(HttpStatusCode.Redirect, bind.StatusCode);
        Assert.Equal(1, await AuditCountAsync(app, "identity.totp.enabled", citizen.Id.ToString()));

        // Password alone now only opens the second step.
        var fresh = app.Anonymous();
        var first = await SignInAsync(fresh, citizen.IdNumber, citizen.Password);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/signin/second-factor", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/account")).StatusCode);

        var wrong = await PostFormAsync(fresh, "/signin/second-factor", new() { ["Code"] = "12345" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        // The code used when binding was the current step's: it cannot be used again, so wait for the next step's code.
        var next = Totp.StepAt(DateTimeOffset.UtcNow) + 1;
        var ok = await PostFormAsync(fresh, "/signin/second-factor", new() { ["Code"] = Totp.Code(secret, next) });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/account")).StatusCode);

        var replay = app.Anonymous();
        await SignInAsync(replay, citizen.IdNumber, citizen.Password);
        var replayed = await PostFormAsync(replay, "/signin/second-factor", new() { ["Code"] = Totp.Code(secret, next) });
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_by_a_code_to_the_registered_phone()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = app.Anonymous();
        var sent = await PostFormAsync(client, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber }, "Send");
        var unknown = await PostFormAsync(app.Anonymous(), "/signin/reset", new() { ["IdNumber"] = IdentityTestData.NewIdNumber() }, "Send");
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("如该号码已注册", await unknown.Content.ReadAsStringAsync());

        var code = await LatestCodeAsync(app, citizen);
        var weak = await PostFormAsync(client, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber, ["Code"] = code, ["NewPassword"] = "short" }, "Reset");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var reset = await PostFormAsync(client, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber, ["Code"] = code, ["NewPassword"] = "brand new secret 7" }, "Reset");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("密码已重置", await reset.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(app.Anonymous(), citizen.IdNumber, citizen.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), citizen.IdNumber, "brand new secret 7")).StatusCode);
    }

    [Fact]
    public async Task Return_urls_leading_off_the_site_are_ignored()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        foreach (var target in new[] { "https://evil.example/", "//evil.example/x", "/\\evil.example" })
        {
            var client = app.Anonymous();
            var response = await PostFormAsync(client, "/signin?ReturnUrl=" + Uri.EscapeDataString(target), new() { ["IdNumber"] = citizen.IdNumber, ["Password"] = citizen.Password, ["ReturnUrl"] = target });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account", response.Headers.Location!.OriginalString);
        }
    }

    private static Task<AssuranceLevel> LevelAsync(OneWindowApp app, TestCitizen citizen) =>
        app.QueryAsync<IdentityDbContext, AssuranceLevel>(db => db.Citizens.Where(c => c.Id == citizen.Id).Select(c => c.AssuranceLevel).SingleAsync());

    [GeneratedRegex("<code id=\"totp-secret\">([A-Z2-7]+)</code>")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("name=\"Token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

[Trait("Database", "Sqlite")]
public sealed class CitizenSignInTestsOnSqlite() : CitizenSignInTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CitizenSignInTestsOnPostgres() : CitizenSignInTests(DbKind.Postgres);
