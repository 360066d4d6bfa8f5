using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Cases.Data;
using OneWindow.Identity.Data;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Security;
using OneWindow.Tests.Cases;
using OneWindow.Tests.Staff;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>
/// Server-side sessions (identity_sessions): each test first shows the finding — the session working, the way an
/// attacker would use it — then the event that must end it, then the same request refused. "Old cookie" means the
/// exact ow.session cookie captured before the event and replayed from a fresh client, so nothing on the client side
/// (the browser dropping the cookie) can make the test pass.
/// </summary>
public abstract class SessionTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_revoked_agent_stops_acting_for_the_enterprise_on_the_next_request()
    {
        var app = await AppAsync();
        var owner = await RegisterAsync(app);
        var agent = await RegisterAsync(app);
        var ownerClient = await SignedInAsync(app, owner);
        var enterprise = await EnterpriseAgentTests.RegisterEnterpriseAsync(app, ownerClient, owner.Name, "合肥会话测试有限公司");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents",
            new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "true" }, "Grant")).StatusCode);

        var agentClient = await SignedInAsync(app, agent);
        Assert.Equal("/account?Done=switched", (await PostFormAsync(agentClient, "/account", new() { ["enterpriseId"] = enterprise.ToString() }, "Switch")).Headers.Location!.OriginalString);
        var item = await CaseKit.ItemAsync(app, "ga", 0);

        // While authorized: acting for the enterprise (its library, its file, a draft in its name).
        Assert.Equal(enterprise, (await Json.GetAsync(agentClient, "/api/v1/me"))["actingForEnterpriseId"]!.GetValue<long>());
        var fileId = await CaseKit.UploadAsync(agentClient, CaseKit.Pdf("session-" + Guid.NewGuid()), "章程.pdf");
        Assert.Contains((await Json.GetAsync(agentClient, "/api/v1/files"))["files"]!.AsArray(), f => f!["id"]!.GetValue<long>() == fileId);
        var before = await Json.PostAsync(agentClient, "/api/v1/cases/drafts", new { itemId = item.Id });
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        Assert.Equal($"enterprise:{enterprise}", await ApplicantOfAsync(app, (await Json.ReadAsync(before))["id"]!.GetValue<long>()));

        var memberId = await app.QueryAsync<IdentityDbContext, long>(db => db.EnterpriseMembers.Where(m => m.EnterpriseId == enterprise && m.CitizenId == agent.Id).Select(m => m.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents", new() { ["memberId"] = memberId.ToString() }, "Revoke")).StatusCode);

        // The very next requests of the same session: no longer acting for it.
        var me = await Json.GetAsync(agentClient, "/api/v1/me");
        Assert.Null(me["actingForEnterpriseId"]?.GetValue<long?>());
        await Json.ProblemAsync(await agentClient.GetAsync($"/api/v1/files/{fileId}/content"), 404);
        Assert.DoesNotContain((await Json.GetAsync(agentClient, "/api/v1/files"))["files"]!.AsArray(), f => f!["id"]!.GetValue<long>() == fileId);
        var after = await Json.PostAsync(agentClient, "/api/v1/cases/drafts", new { itemId = item.Id });
        if (after.StatusCode == HttpStatusCode.Created)
        {
            // A draft is still allowed, but only in the agent's own name.
            Assert.Equal(agent.Subject, await ApplicantOfAsync(app, (await Json.ReadAsync(after))["id"]!.GetValue<long>()));
        }

        Assert.Contains("当前以个人身份办事", await agentClient.GetStringAsync("/account"));
    }

    [Fact]
    public async Task After_a_citizen_signs_out_the_old_cookie_is_refused()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = app.Anonymous();
        var cookie = SessionCookieOf(await SignInAsync(client, citizen.IdNumber, citizen.Password));

        // The stolen copy works while the session is open.
        var replay = Replay(app, cookie);
        Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/api/v1/files")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, "/signout", [], tokenPage: "/account")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/account")).StatusCode);
        await Json.ProblemAsync(await replay.GetAsync("/api/v1/files"), 401);
        await Json.ProblemAsync(await replay.GetAsync("/api/v1/me"), 401);
        Assert.Equal(1, await AuditCountAsync(app, "identity.signout", citizen.Id.ToString()));
        Assert.Equal("signed_out", await app.QueryAsync<IdentityDbContext, string?>(db =>
            db.Sessions.Where(s => s.AccountKind == "citizen" && s.AccountId == citizen.Id).Select(s => s.EndReason).SingleAsync()));
    }

    [Fact]
    public async Task After_a_staff_member_signs_out_the_old_cookie_is_refused()
    {
        var app = await AppAsync();
        var account = await StaffTestKit.CreateAsync(app, "ga", null, StaffRoles.CatalogEditor);
        var client = app.Anonymous();
        var cookie = SessionCookieOf(await OneWindowApp.PostSignInAsync(client, account.Staff.UserName, account.InitialPassword));
        var replay = Replay(app, cookie);
        Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/api/v1/staff/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, "/staff/signout", [])).StatusCode);

        await Json.ProblemAsync(await replay.GetAsync("/api/v1/staff/me"), 401);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_every_session_of_the_citizen()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var laptop = await SignedInAsync(app, citizen);
        var phone = await SignedInAsync(app, citizen);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/me")).StatusCode);

        var resetter = app.Anonymous();
        await PostFormAsync(resetter, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber }, "Send");
        var code = await LatestCodeAsync(app, citizen);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(resetter, "/signin/reset",
            new() { ["IdNumber"] = citizen.IdNumber, ["Code"] = code, ["NewPassword"] = "brand new secret 8" }, "Reset")).StatusCode);

        await Json.ProblemAsync(await laptop.GetAsync("/api/v1/me"), 401);
        await Json.ProblemAsync(await phone.GetAsync("/api/v1/me"), 401);
        Assert.Equal(1, await AuditCountAsync(app, "identity.sessions.ended", citizen.Id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), citizen.IdNumber, "brand new secret 8")).StatusCode);
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var here = await SignedInAsync(app, citizen);
        var stolen = await SignedInAsync(app, citizen);
        Assert.Equal(HttpStatusCode.OK, (await stolen.GetAsync("/api/v1/me")).StatusCode);

        var wrong = await PostFormAsync(here, "/account/security", new() { ["CurrentPassword"] = "not it 12345", ["NewPassword"] = "changed secret 99" }, "ChangePassword");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("id=\"currentPassword-error\"", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await stolen.GetAsync("/api/v1/me")).StatusCode);

        var changed = await PostFormAsync(here, "/account/security", new() { ["CurrentPassword"] = citizen.Password, ["NewPassword"] = "changed secret 99" }, "ChangePassword");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await Json.ProblemAsync(await stolen.GetAsync("/api/v1/me"), 401);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(1, await AuditCountAsync(app, "identity.citizen.password_changed", citizen.Id.ToString()));
        Assert.Equal(1, await AuditCountAsync(app, "identity.sessions.ended", citizen.Id.ToString()));
    }

    [Fact]
    public async Task A_staff_password_reset_or_disable_ends_the_open_sessions()
    {
        var app = await AppAsync();
        var reset = await app.SignInStaffAsync([StaffRoles.CatalogEditor], "ga");
        var disabled = await app.SignInStaffAsync([StaffRoles.CatalogEditor], "ga");
        Assert.Equal(HttpStatusCode.OK, (await reset.Client.GetAsync("/api/v1/staff/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await disabled.Client.GetAsync("/api/v1/staff/me")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<StaffAdministration>();
            Assert.NotNull((await admin.ResetPasswordAsync(reset.StaffId, StaffActor.System, default)).Value);
            Assert.NotNull((await admin.SetDisabledAsync(disabled.StaffId, true, StaffActor.System, default)).Value);
        }

        await Json.ProblemAsync(await reset.Client.GetAsync("/api/v1/staff/me"), 401);
        await Json.ProblemAsync(await disabled.Client.GetAsync("/api/v1/staff/me"), 401);
        var ended = await app.QueryAsync<IdentityDbContext, List<string?>>(db => db.Sessions
            .Where(s => s.AccountKind == "staff" && (s.AccountId == reset.StaffId || s.AccountId == disabled.StaffId)).OrderBy(s => s.AccountId).Select(s => s.EndReason).ToListAsync());
        Assert.Equal(["password_reset", "account_disabled"], ended);
    }

    [Fact]
    public async Task A_role_change_shows_in_the_next_request_of_an_open_session()
    {
        var app = await AppAsync();
        var session = await app.SignInStaffAsync([StaffRoles.CatalogEditor], "ga");
        Assert.Equal([StaffRoles.CatalogEditor], (await StaffTestKit.MeAsync(session.Client))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<StaffAdministration>();
            Assert.NotNull((await admin.GrantAsync(session.StaffId, StaffRoles.WindowOfficer, StaffActor.System, default)).Value);
            Assert.NotNull((await admin.RevokeAsync(session.StaffId, StaffRoles.CatalogEditor, StaffActor.System, default)).Value);
        }

        Assert.Equal([StaffRoles.WindowOfficer], (await StaffTestKit.MeAsync(session.Client))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task A_cookie_without_a_session_id_is_refused()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var client = await SignedInAsync(app, citizen);
        // Forge what an old (pre-session) cookie looks like: the same claims without sid, protected by the app's own keys.
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(PlatformAuthentication.CookieScheme);
        var identity = new System.Security.Claims.ClaimsIdentity(
            [new(PlatformClaims.Subject, citizen.Subject), new(PlatformClaims.Kind, PlatformClaims.KindCitizen), new(PlatformClaims.Name, citizen.Name), new(PlatformClaims.Assurance, "1")],
            PlatformAuthentication.CookieScheme);
        var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), PlatformAuthentication.CookieScheme);
        var old = Replay(app, options.TicketDataFormat.Protect(ticket));
        await Json.ProblemAsync(await old.GetAsync("/api/v1/me"), 401);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_citizen_sees_their_sessions_and_ends_another_one()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var here = await SignedInAsync(app, citizen);
        var there = await SignedInAsync(app, citizen);
        var page = await here.GetStringAsync("/account/security");
        Assert.Contains("登录设备", page);
        Assert.Contains("当前设备", page);
        var handles = System.Text.RegularExpressions.Regex.Matches(page, "name=\"handle\" value=\"([0-9a-f]{12})\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Single(handles); // only the other session has an end button

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(here, "/account/security", new() { ["handle"] = handles[0] }, "EndSession")).StatusCode);
        await Json.ProblemAsync(await there.GetAsync("/api/v1/me"), 401);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/v1/me")).StatusCode);

        // Someone else's session handle ends nothing.
        var other = await RegisterAsync(app);
        var otherClient = await SignedInAsync(app, other);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostFormAsync(here, "/account/security", new() { ["handle"] = "0123456789ab" }, "EndSession")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/api/v1/me")).StatusCode);
    }

    private static Task<string> ApplicantOfAsync(OneWindowApp app, long caseId) =>
        app.QueryAsync<CasesDbContext, string>(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.ApplicantSubject).SingleAsync());

    /// <summary>The ow.session cookie a sign-in response set.</summary>
    internal static string SessionCookieOf(HttpResponseMessage signIn)
    {
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var header = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ow.session=", StringComparison.Ordinal));
        return header["ow.session=".Length..header.IndexOf(';')];
    }

    /// <summary>A fresh client that sends exactly this session cookie and keeps no cookies of its own.</summary>
    internal static HttpClient Replay(OneWindowApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", "ow.session=" + cookie);
        return client;
    }
}

[Trait("Database", "Sqlite")]
public sealed class SessionTestsOnSqlite() : SessionTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class SessionTestsOnPostgres() : SessionTests(DbKind.Postgres);
