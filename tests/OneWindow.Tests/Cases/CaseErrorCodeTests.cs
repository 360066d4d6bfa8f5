using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OneWindow.Cases;
using OneWindow.Shared.Messages;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>API refusals carry the stable catalogue code as the problem's <c>code</c>, and Accept-Language picks the
/// language of title and detail (Chinese without it).</summary>
public abstract class CaseErrorCodeTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_wrong_query_code_answers_its_code_in_chinese_by_default_and_in_english_when_asked()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var created = await Json.ReadAsync(await CaseKit.PostApplicationAsync(applicant, item, Guid.NewGuid().ToString("N")));
        var url = $"/api/v1/cases/progress?number={created["number"]}&code=AAAAAAAA";
        var anonymous = app.Anonymous();

        var chinese = await Json.ProblemAsync(await anonymous.GetAsync(url), 404);
        Assert.Equal("cases.progress_not_found", chinese["code"]!.GetValue<string>());
        Assert.Equal("办件编号或查询码不正确。", chinese["detail"]!.GetValue<string>());
        Assert.Equal("未找到办件", chinese["title"]!.GetValue<string>());

        var english = await Json.ProblemAsync(await anonymous.SendAsync(WithLanguage(HttpMethod.Get, url, "en")), 404);
        Assert.Equal("cases.progress_not_found", english["code"]!.GetValue<string>());
        Assert.Equal("The case number or query code is not right.", english["detail"]!.GetValue<string>());
        Assert.Equal("Case not found", english["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdrawing_a_withdrawn_case_is_a_conflict_with_its_code_in_either_language()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var created = await Json.ReadAsync(await CaseKit.PostApplicationAsync(applicant, item, Guid.NewGuid().ToString("N")));
        var url = $"/api/v1/cases/{created["id"]}/withdraw";
        Assert.True((await applicant.SendAsync(Withdrawal(url, null))).IsSuccessStatusCode);

        var chinese = await Json.ProblemAsync(await applicant.SendAsync(Withdrawal(url, null)), 409);
        var english = await Json.ProblemAsync(await applicant.SendAsync(Withdrawal(url, "en-GB,en;q=0.9")), 409);

        Assert.Equal("cases.not_withdrawable", chinese["code"]!.GetValue<string>());
        Assert.Equal("cases.not_withdrawable", english["code"]!.GetValue<string>());
        Assert.Equal("该申请已作出决定或已结束，不能撤回。", chinese["detail"]!.GetValue<string>());
        Assert.Equal("The case is decided or closed and cannot be withdrawn.", english["detail"]!.GetValue<string>());
        Assert.Equal("Not possible now", english["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_idempotency_key_is_a_validation_problem_whose_code_names_the_field_error()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var request = WithLanguage(HttpMethod.Post, "/api/v1/cases", "en");
        request.Content = JsonContent.Create(new { itemId = item.Id }, options: Json.Options);

        var problem = await Json.ProblemAsync(await applicant.SendAsync(request), 400);

        Assert.Equal("cases.idempotency_key_required", problem["code"]!.GetValue<string>());
        Assert.Equal("Send an Idempotency-Key header (1-64 characters).", problem["errors"]!["Idempotency-Key"]![0]!.GetValue<string>());
    }

    private static HttpRequestMessage Withdrawal(string url, string? language)
    {
        var request = WithLanguage(HttpMethod.Post, url, language);
        request.Content = JsonContent.Create(new JsonObject { ["reason"] = "不需要了" });
        return request;
    }

    private static HttpRequestMessage WithLanguage(HttpMethod method, string url, string? language)
    {
        var request = new HttpRequestMessage(method, url);
        if (language != null)
        {
            request.Headers.Add("Accept-Language", language);
        }

        return request;
    }
}

[Trait("Database", "Sqlite")]
public sealed class CaseErrorCodeTestsOnSqlite() : CaseErrorCodeTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CaseErrorCodeTestsOnPostgres() : CaseErrorCodeTests(DbKind.Postgres);

/// <summary>The Cases catalogue loads (the loader refuses a message lacking a language) and every code the module
/// uses is in it with both texts.</summary>
public sealed class CaseMessagesTests
{
    [Fact]
    public void The_catalogue_has_every_code_in_chinese_and_english()
    {
        var catalog = MessageCatalog.Of(typeof(CaseText).Assembly);

        Assert.True(catalog.Codes.Count > 150);
        Assert.All(catalog.Codes, code =>
        {
            Assert.StartsWith("cases.", code, StringComparison.Ordinal);
            var (zh, en) = catalog.Both(code, "x", "y", "z");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh);
            Assert.False(string.IsNullOrWhiteSpace(en));
        });
    }

    [Fact]
    public void Every_code_used_in_the_module_source_is_in_the_catalogue()
    {
        var catalog = MessageCatalog.Of(typeof(CaseText).Assembly);
        var source = Path.Combine(RepoPaths.Root(), "src", "Modules", "Cases", "OneWindow.Cases");
        var used = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "\"(cases\\.[a-z0-9_]+)\"").Select(m => m.Groups[1].Value))
            .Distinct()
            .Except(["cases.read", "cases.write"]) // OAuth scopes, not messages
            .ToList();

        Assert.NotEmpty(used);
        Assert.All(used, code => Assert.True(catalog.Has(code), code));
    }
}
