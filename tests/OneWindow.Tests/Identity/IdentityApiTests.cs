using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Identity.Protection;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.IdentityTestData;

namespace OneWindow.Tests.Identity;

/// <summary>Citizen and enterprise registration through the API, with the stored rows read back from the tables.</summary>
public abstract class IdentityApiTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    internal static Task<T> DbAsync<T>(OneWindowApp app, Func<IdentityDbContext, Task<T>> query) => app.QueryAsync(query);

    [Fact]
    public async Task A_citizen_registers_and_the_stored_row_has_no_plaintext_id_number()
    {
        var app = await AppAsync();
        var number = NewIdNumber();
        var name = NewName();
        var response = await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(name, number.ToLowerInvariant(), "13912345678"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        var id = body["id"]!.GetValue<long>();
        Assert.Equal(name, body["name"]!.GetValue<string>());
        Assert.Equal(number[..6] + "********" + number[14..], body["idNumberMasked"]!.GetValue<string>());
        Assert.Equal(1, body["assuranceLevel"]!.GetValue<int>());
        Assert.Null(body["password"]);
        Assert.Null(body["passwordHash"]);

        var row = await DbAsync(app, db => db.Citizens.AsNoTracking().SingleAsync(c => c.Id == id));
        foreach (var stored in new[] { row.IdNumberCipher, row.PhoneCipher, Encoding.UTF8.GetBytes(row.IdNumberIndex + row.IdNumberMasked + row.PhoneMasked + row.PasswordHash) })
        {
            Assert.False(Contains(stored, Encoding.UTF8.GetBytes(number)), "plaintext ID number stored");
            Assert.False(Contains(stored, Encoding.UTF8.GetBytes(number[6..14])), "birth date stored in clear");
            Assert.False(Contains(stored, Encoding.UTF8.GetBytes("13912345678")), "plaintext phone stored");
        }

        Assert.Equal("139****5678", row.PhoneMasked);
        Assert.DoesNotContain("correct horse", row.PasswordHash);
        var protector = app.Services.GetRequiredService<IdentityProtector>();
        Assert.Equal(number, protector.Decrypt(row.IdNumberCipher, ProtectedFields.CitizenIdNumber));

        // The blind index finds the citizen by number (typed either way), without decrypting anything.
        await using var scope = app.Services.CreateAsyncScope();
        var registration = scope.ServiceProvider.GetRequiredService<CitizenRegistration>();
        Assert.Equal(id, (await registration.FindByIdNumberAsync(number, default))?.Id);
        Assert.Equal(id, (await registration.FindByIdNumberAsync(number.ToLowerInvariant(), default))?.Id);
        Assert.Null(await registration.FindByIdNumberAsync(NewIdNumber(), default));

        // The registration is audited in the same transaction, naming the account and never the person.
        var audit = scope.ServiceProvider.GetRequiredService<OneWindow.Audit.Data.AuditDbContext>();
        var idText = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entry = await audit.Entries.AsNoTracking().SingleAsync(e => e.TargetType == "citizen" && e.TargetId == idText);
        Assert.Equal("identity.citizen.registered", entry.Action);
        foreach (var secret in new[] { number, number[6..14], name, "13912345678" })
        {
            Assert.DoesNotContain(secret, entry.Actor + entry.Summary + entry.DataJson, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1101051949123100", "请输入18位公民身份号码，最后一位可以是X")]
    [InlineData("11010519491231002A", "请输入18位公民身份号码，最后一位可以是X")]
    [InlineData("110105194902300020", "出生日期不正确")]
    [InlineData("110105189912310020", "出生日期不正确")]
    [InlineData("110105209912310020", "出生日期不正确")]
    [InlineData("110105194912310021", "校验码不正确，请核对")]
    public async Task A_bad_id_number_is_refused_with_a_precise_message_and_nothing_is_saved(string idNumber, string message)
    {
        var app = await AppAsync();
        var name = NewName();
        var problem = await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(name, idNumber)), 400);
        Assert.Equal(message, problem["errors"]!["idNumber"]![0]!.GetValue<string>());
        Assert.Single(problem["errors"]!.AsObject());
        Assert.False(await DbAsync(app, db => db.Citizens.AnyAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task Name_phone_and_password_are_checked_together()
    {
        var app = await AppAsync();
        var problem = await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(" ", NewIdNumber(), "12800138000", "onlyletters")), 400);
        var errors = problem["errors"]!.AsObject();
        Assert.NotNull(errors["name"]);
        Assert.NotNull(errors["phone"]);
        Assert.NotNull(errors["password"]);
        Assert.Null(errors["idNumber"]);
        Assert.DoesNotContain("onlyletters", problem.ToJsonString());

        var shortPassword = await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(NewName(), NewIdNumber(), password: "abc123")), 400);
        Assert.NotNull(shortPassword["errors"]!["password"]);
    }

    [Fact]
    public async Task A_refusal_carries_its_code_and_follows_accept_language()
    {
        var app = await AppAsync();
        var number = NewIdNumber();
        Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(NewName(), number))).StatusCode);

        var chinese = await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(NewName(), number, "13700137000")), 409);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/citizens") { Content = JsonContent.Create(Citizen(NewName(), number, "13700137000")) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await Json.ProblemAsync(await app.Anonymous().SendAsync(request), 409);

        Assert.Equal("identity.id_number_registered", chinese["code"]!.GetValue<string>());
        Assert.StartsWith("该公民身份号码已注册", chinese["detail"]!.GetValue<string>());
        Assert.Equal("identity.id_number_registered", english["code"]!.GetValue<string>());
        Assert.StartsWith("This ID number is already registered", english["detail"]!.GetValue<string>());
        Assert.Equal("Already registered", english["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_number_registered_twice_is_a_conflict_that_does_not_say_whose()
    {
        var app = await AppAsync();
        var number = NewIdNumber();
        var first = NewName();
        Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(first, number))).StatusCode);
        var second = NewName();
        var problem = await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(second, number.Replace('X', 'x'), "13700137000")), 409);
        Assert.DoesNotContain(first, problem.ToJsonString());
        Assert.DoesNotContain("138", problem.ToJsonString());
        Assert.False(await DbAsync(app, db => db.Citizens.AnyAsync(c => c.Name == second)));
    }

    [Fact]
    public async Task An_enterprise_registers_once_and_a_bad_credit_code_is_refused()
    {
        var app = await AppAsync();
        var client = app.Anonymous();
        var code = NewCreditCode();
        var created = await Json.PostAsync(client, "/api/v1/enterprises", new { name = "合肥测试科技有限公司", creditCode = code.ToLowerInvariant(), legalRepresentative = "王五" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json.ReadAsync(created);
        Assert.Equal(code, body["creditCode"]!.GetValue<string>());
        Assert.False(body["checksumOverride"]!.GetValue<bool>());

        await Json.ProblemAsync(await Json.PostAsync(client, "/api/v1/enterprises", new { name = "另一家公司", creditCode = code, legalRepresentative = "赵六" }), 409);

        var bad = NewBadCreditCode();
        var problem = await Json.ProblemAsync(await Json.PostAsync(client, "/api/v1/enterprises", new { name = "校验失败公司", creditCode = bad, legalRepresentative = "王五" }), 400);
        Assert.NotNull(problem["errors"]!["creditCode"]);
        var malformed = await Json.ProblemAsync(await Json.PostAsync(client, "/api/v1/enterprises", new { name = "", creditCode = "91350100I000100Y43", legalRepresentative = "" }), 400);
        Assert.Equal(3, malformed["errors"]!.AsObject().Count);
        Assert.False(await DbAsync(app, db => db.Enterprises.AnyAsync(e => e.CreditCode == bad)));
    }

    [Fact]
    public async Task Only_a_platform_admin_may_override_the_checksum_and_must_give_a_reason()
    {
        var app = await AppAsync();
        const string code = "91350203M0001QAY9B"; // a real code that fails the checksum
        var request = new { name = "厦门某实业有限公司", creditCode = code, legalRepresentative = "陈七", checksumOverride = true, overrideReason = "营业执照原件核验无误，代码由登记机关赋予" };

        await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/enterprises", request), 403);
        await Json.ProblemAsync(await Json.PostAsync(await app.SignedInAsync("reviewer"), "/api/v1/enterprises", request), 403);
        var admin = await app.SignedInAsync("admin");
        var noReason = await Json.ProblemAsync(await Json.PostAsync(admin, "/api/v1/enterprises", request with { overrideReason = " " }), 400);
        Assert.NotNull(noReason["errors"]!["overrideReason"]);
        Assert.False(await DbAsync(app, db => db.Enterprises.AnyAsync(e => e.CreditCode == code)));

        var created = await Json.PostAsync(admin, "/api/v1/enterprises", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var row = await DbAsync(app, db => db.Enterprises.AsNoTracking().SingleAsync(e => e.CreditCode == code));
        Assert.True(row.ChecksumOverride);
        Assert.Equal(request.overrideReason, row.OverrideReason);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}

[Trait("Database", "Sqlite")]
public sealed class IdentityApiTestsOnSqlite() : IdentityApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class IdentityApiTestsOnPostgres() : IdentityApiTests(DbKind.Postgres);
