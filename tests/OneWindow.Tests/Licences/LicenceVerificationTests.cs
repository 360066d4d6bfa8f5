using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Licences.Data;
using OneWindow.Licences.Features.Seeding;
using OneWindow.Licences.Signing;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.IdentityTestData;
using static OneWindow.Tests.Licences.LicencesTestKit;

namespace OneWindow.Tests.Licences;

/// <summary>Public verification (POST /api/v1/licences/verify) of identifiers and QR payloads: valid, tampered (any
/// byte, a data field, another agency's key), rotated keys, revoked, suspended, expired, not found.</summary>
public abstract class LicenceVerificationTests(DbKind kind)
{
    [Fact]
    public async Task A_freshly_issued_licence_is_valid_by_identifier_and_by_payload()
    {
        var app = await SharedApps.GetAsync(kind);
        var held = await IssueAsync(app, NewIdNumber());

        Assert.True(LicenceIdentifier.TryParse(held.Identifier, out _, out _));
        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), identifier: held.Identifier)).Status);
        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), identifier: held.Identifier.ToLowerInvariant())).Status);
        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), payload: await PayloadAsync(app, held.Identifier))).Status);
    }

    [Fact]
    public async Task Changing_any_character_of_the_payload_makes_it_tampered()
    {
        var app = await SharedApps.GetAsync(kind);
        var held = await IssueAsync(app, NewIdNumber());
        var payload = await PayloadAsync(app, held.Identifier);

        for (var i = QrPayload.Prefix.Length; i < payload.Length; i++)
        {
            var flipped = payload[..i] + (payload[i] == 'A' ? 'B' : 'A') + payload[(i + 1)..];
            var check = await VerifyPayloadInProcessAsync(app, flipped);
            Assert.True(check.Status == "tampered", $"position {i}: {check.Status} {check.Reason}");
        }

        Assert.Equal("tampered", (await VerifyAsync(app.Anonymous(), payload: payload[..^1] + (payload[^1] == 'A' ? 'B' : 'A'))).Status);
        Assert.Equal("tampered", (await VerifyAsync(app.Anonymous(), payload: "OWL2" + payload[4..])).Status);
    }

    [Fact]
    public async Task A_changed_data_field_under_the_original_signature_is_tampered()
    {
        var app = await SharedApps.GetAsync(kind);
        var held = await IssueAsync(app, NewIdNumber());
        Assert.True(QrPayload.TryDecode(await PayloadAsync(app, held.Identifier), out var content, out var signature));
        var original = LicenceContent.FromCanonicalBytes(content)!;
        var data = original.Data.ToDictionary(p => p.Key, p => p.Value);
        data["address"] = "合肥市别处路9号";

        var forged = QrPayload.Encode((original with { Data = data }).ToCanonicalBytes(), signature);
        var (status, reason) = await VerifyAsync(app.Anonymous(), payload: forged);

        Assert.Equal("tampered", status);
        Assert.Contains("signature", reason);
    }

    [Fact]
    public async Task Content_signed_with_another_agencys_key_is_tampered()
    {
        var app = await SharedApps.GetAsync(kind);
        var held = await IssueAsync(app, NewIdNumber(), department: "ga");
        Assert.True(QrPayload.TryDecode(await PayloadAsync(app, held.Identifier), out var content, out _));
        var original = LicenceContent.FromCanonicalBytes(content)!;
        var mz = await DepartmentIdAsync(app, "mz");
        var (otherKeyId, otherPrivate) = await PrivateKeyAsync(app, mz);

        // The other agency's key named honestly: the key is not the issuer's.
        var named = original with { KeyId = otherKeyId };
        var namedBytes = named.ToCanonicalBytes();
        var honest = await VerifyAsync(app.Anonymous(), payload: QrPayload.Encode(namedBytes, Sm2.Sign(otherPrivate, namedBytes)));
        // The issuer's key id claimed, the other agency's key used: the signature fails.
        var claimed = await VerifyAsync(app.Anonymous(), payload: QrPayload.Encode(content, Sm2.Sign(otherPrivate, content)));

        Assert.Equal(("tampered", true), (honest.Status, honest.Reason.Contains("another agency")));
        Assert.Equal(("tampered", true), (claimed.Status, claimed.Reason.Contains("signature")));
        var unknown = original with { KeyId = "K00000000-0000000000" };
        Assert.Contains("unknown signing key", (await VerifyAsync(app.Anonymous(), payload: QrPayload.Encode(unknown.ToCanonicalBytes(), Sm2.Sign(otherPrivate, unknown.ToCanonicalBytes())))).Reason);
    }

    [Fact]
    public async Task A_licence_signed_before_rotation_stays_valid_and_new_ones_use_the_new_key()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new OneWindowApp(database);
        await app.WaitUntilReadyAsync();
        var before = await IssueAsync(app, NewIdNumber(), department: "mz", type: "结婚证",
            data: new() { ["spouseName"] = "配偶", ["spouseIdNumber"] = NewIdNumber(), ["registeredOn"] = "2025-01-10" });
        var mz = await DepartmentIdAsync(app, "mz");
        var admin = await app.SignedInAsync("department_admin", "mz");

        var rotated = await OkJsonAsync(await admin.PostAsync($"/api/v1/licences/agencies/{mz}/keys/rotate", null));
        var after = await IssueAsync(app, NewIdNumber(), department: "mz", type: "结婚证",
            data: new() { ["spouseName"] = "配偶", ["spouseIdNumber"] = NewIdNumber(), ["registeredOn"] = "2025-01-10" });

        var keys = await app.QueryAsync<LicencesDbContext, List<(string KeyId, bool Retired)>>(async db =>
            (await db.Keys.Where(k => k.DepartmentId == mz).OrderBy(k => k.Id).ToListAsync()).Select(k => (k.KeyId, k.RetiredAt != null)).ToList());
        Assert.Equal([true, false], keys.Select(k => k.Retired));
        Assert.Equal(rotated["keyId"]!.GetValue<string>(), keys[^1].KeyId);
        var beforeKey = await app.QueryAsync<LicencesDbContext, string>(db => db.Licences.Where(l => l.Identifier == before.Identifier).Select(l => l.KeyId).SingleAsync());
        var afterKey = await app.QueryAsync<LicencesDbContext, string>(db => db.Licences.Where(l => l.Identifier == after.Identifier).Select(l => l.KeyId).SingleAsync());
        Assert.Equal((keys[0].KeyId, keys[1].KeyId), (beforeKey, afterKey));
        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), payload: await PayloadAsync(app, before.Identifier))).Status);
        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), identifier: after.Identifier)).Status);
        // Someone else's department admin may not rotate mz's key.
        var other = await app.SignedInAsync("department_admin", "ga");
        await Json.ProblemAsync(await other.PostAsync($"/api/v1/licences/agencies/{mz}/keys/rotate", null), 403);
    }

    [Fact]
    public async Task Revoked_suspended_and_resumed_licences_answer_as_the_contract_says()
    {
        var app = await SharedApps.GetAsync(kind);
        var held = await IssueAsync(app, NewIdNumber());
        var reviewer = (await app.SignInStaffAsync([StaffRoles.Reviewer], "ga")).Client;
        var url = $"/api/v1/licences/{held.Identifier}";

        Assert.Equal(held.Identifier, (await Json.GetAsync(reviewer, url))["identifier"]!.GetValue<string>());
        await OkJsonAsync(await Json.PostAsync(reviewer, url + "/suspend", new { reason = "核查户籍信息" }));
        var suspended = await VerifyAsync(app.Anonymous(), identifier: held.Identifier);
        await OkJsonAsync(await Json.PostAsync(reviewer, url + "/resume", new { reason = "核查完毕" }));
        var resumed = await VerifyAsync(app.Anonymous(), identifier: held.Identifier);
        var revokedBody = await OkJsonAsync(await Json.PostAsync(reviewer, url + "/revoke", new { reason = "户口迁出" }));
        var revoked = await VerifyAsync(app.Anonymous(), payload: await PayloadAsync(app, held.Identifier));

        Assert.Equal(("revoked", true), (suspended.Status, suspended.Reason.Contains("suspended")));
        Assert.Equal("valid", resumed.Status);
        Assert.Equal("revoked", revokedBody["state"]!.GetValue<string>());
        Assert.Equal(("revoked", true), (revoked.Status, revoked.Reason.Contains("户口迁出")));
        await Json.ProblemAsync(await Json.PostAsync(reviewer, url + "/resume", new { reason = "再次恢复" }), 409);
        await Json.ProblemAsync(await Json.PostAsync(reviewer, url + "/revoke", new { reason = "" }), 400);
        // Staff of another department do not even see it.
        await Json.ProblemAsync(await Json.PostAsync((await app.SignInStaffAsync([StaffRoles.Reviewer], "mz")).Client, url + "/revoke", new { reason = "不是我们的" }), 404);
        var events = await app.QueryAsync<LicencesDbContext, List<string>>(db => db.Database.SqlQuery<string>(
            $"SELECT type AS \"Value\" FROM integration_outbox WHERE subject = {"licence:" + held.Identifier} ORDER BY id").ToListAsync());
        Assert.Equal(["licence.suspended", "licence.resumed", "licence.revoked"], events);
    }

    [Fact]
    public async Task Demo_licences_show_valid_expired_revoked_and_unknown_or_miswritten_identifiers_are_not_found()
    {
        var app = await SharedApps.GetAsync(kind);
        var demo = await app.QueryAsync<LicencesDbContext, Dictionary<string, string>>(db =>
            db.Licences.Where(l => l.SourceReference.StartsWith("demo:")).ToDictionaryAsync(l => l.SourceReference, l => l.Identifier));

        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), identifier: demo["demo:marriage-zxm"])).Status);
        Assert.Equal("expired", (await VerifyAsync(app.Anonymous(), identifier: demo["demo:residence-lm-expired"])).Status);
        Assert.Equal("revoked", (await VerifyAsync(app.Anonymous(), identifier: demo[LicencesDemoSeeder.RevokedReference])).Status);
        var good = demo["demo:marriage-zxm"];
        var wrongCheck = good[..^1] + (good[^1] == '0' ? '1' : '0');
        Assert.Equal(("not_found", "校验位错误 (check character wrong)"), await VerifyAsync(app.Anonymous(), identifier: wrongCheck));
        var unknown = LicenceIdentifier.Compose(good.Split('.')[5], good.Split('.')[6], "NOSUCHSERIAL");
        Assert.Equal("not_found", (await VerifyAsync(app.Anonymous(), identifier: unknown)).Status);
        await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/licences/verify", new { }), 400);
    }

    [Fact]
    public async Task The_verification_page_shows_the_result_with_the_holder_masked()
    {
        var app = await SharedApps.GetAsync(kind);
        var held = await IssueAsync(app, NewIdNumber(), holderName: "王小明");
        var payload = await PayloadAsync(app, held.Identifier);

        var byLink = await app.Anonymous().GetStringAsync("/licences/verify?p=" + Uri.EscapeDataString(payload));
        var wrongCheck = held.Identifier[..^1] + (held.Identifier[^1] == '0' ? '1' : '0');
        var byForm = await app.Anonymous().GetStringAsync("/licences/verify?identifier=" + Uri.EscapeDataString(wrongCheck));

        Assert.Contains("王*明", byLink);
        Assert.DoesNotContain("王小明", byLink);
        Assert.Contains("✓", byLink);
        Assert.Contains("check character wrong", byForm);
        Assert.Contains("✗", byForm);
    }

    [Fact]
    public async Task A_platform_admin_sets_an_agencys_code_and_earlier_licences_stay_valid()
    {
        var app = await SharedApps.GetAsync(kind);
        var lyjy = await DepartmentIdAsync(app, "lyjy");
        var before = await IssueAsync(app, NewIdNumber(), type: "教师资格证书", department: "lyjy", data: new() { ["subject"] = "语文", ["level"] = "初级中学" });
        var admin = await app.SignedInAsync("admin");
        var code = UnifiedSocialCreditCode.Compose('1', '1', "340103", "00777777");

        var bad = await app.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/licences/agencies/{lyjy}"));
        Assert.Equal(401, (int)bad.StatusCode);
        var invalid = await admin.PutAsync($"/api/v1/licences/agencies/{lyjy}", System.Net.Http.Json.JsonContent.Create(new { agencyCode = "913401000000000000", name = "" }));
        var problem = await Json.ProblemAsync(invalid, 400);
        var updated = await OkJsonAsync(await admin.PutAsync($"/api/v1/licences/agencies/{lyjy}", System.Net.Http.Json.JsonContent.Create(new { agencyCode = code, name = "庐阳区教育体育局" })));
        var after = await IssueAsync(app, NewIdNumber(), type: "教师资格证书", department: "lyjy", data: new() { ["subject"] = "数学", ["level"] = "小学" });

        Assert.Equal(["agencyCode", "name"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(code, updated["agencyCode"]!.GetValue<string>());
        Assert.Contains("." + code + ".", after.Identifier);
        Assert.DoesNotContain("." + code + ".", before.Identifier);
        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), identifier: before.Identifier)).Status);
        Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), identifier: after.Identifier)).Status);
        var departmentAdmin = await app.SignedInAsync("department_admin", "lyjy");
        await Json.ProblemAsync(await departmentAdmin.PutAsync($"/api/v1/licences/agencies/{lyjy}", System.Net.Http.Json.JsonContent.Create(new { agencyCode = code, name = "x" })), 403);
    }

    [Fact]
    public async Task Public_verification_is_rate_limited_per_address()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new OneWindowApp(database, demoData: false, settings: new Dictionary<string, string> { ["Licences:VerifyPermitPerMinute"] = "2" });
        await app.WaitUntilReadyAsync();
        var client = app.Anonymous();

        Assert.Equal("not_found", (await VerifyAsync(client, identifier: "1.2.156.3005.2.X")).Status);
        Assert.Equal("not_found", (await VerifyAsync(client, identifier: "1.2.156.3005.2.Y")).Status);
        await Json.ProblemAsync(await Json.PostAsync(client, "/api/v1/licences/verify", new { identifier = "1.2.156.3005.2.Z" }), 429);
    }

    private static async Task<(string KeyId, byte[] PrivateKey)> PrivateKeyAsync(OneWindowApp app, long departmentId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicencesDbContext>();
        var key = await db.Keys.SingleAsync(k => k.DepartmentId == departmentId && k.RetiredAt == null);
        return (key.KeyId, scope.ServiceProvider.GetRequiredService<KeyProtector>().Unprotect(key.PrivateKeyProtected, key.KeyId));
    }
}

[Trait("Database", "Sqlite")]
public sealed class LicenceVerificationTestsOnSqlite() : LicenceVerificationTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class LicenceVerificationTestsOnPostgres() : LicenceVerificationTests(DbKind.Postgres);
