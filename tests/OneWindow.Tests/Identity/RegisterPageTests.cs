using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.IdentityTestData;

namespace OneWindow.Tests.Identity;

/// <summary>/register through real form posts (no JavaScript): CSRF protection, errors beside the fields, the masked number on success.</summary>
public abstract class RegisterPageTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? token, Dictionary<string, string> fields)
    {
        if (token != null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        return await client.PostAsync("/register", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_post_without_the_csrf_token_is_refused_and_saves_nothing()
    {
        var app = await AppAsync();
        var client = app.Anonymous();
        await client.GetAsync("/register"); // the antiforgery cookie alone is not enough
        var name = NewName();
        var response = await PostAsync(client, null, new() { ["Name"] = name, ["IdNumber"] = NewIdNumber(), ["Phone"] = "13800138000", ["Password"] = "abcdefgh12" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await IdentityApiTests.DbAsync(app, db => db.Citizens.AnyAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task Errors_are_shown_next_to_the_fields_and_the_input_is_kept_except_the_password()
    {
        var app = await AppAsync();
        var client = app.Anonymous();
        var token = await OneWindowApp.AntiforgeryTokenAsync(client, "/register");
        var name = NewName();
        var response = await PostAsync(client, token, new() { ["Name"] = name, ["IdNumber"] = "110105194912310021", ["Phone"] = "1380013800", ["Password"] = "secretpass99" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("<a href=\"#idNumber\">", html);
        Assert.Contains("<a href=\"#phone\">", html);
        Assert.Contains("<p class=\"field-error\" id=\"idNumber-error\">校验码不正确，请核对</p>", html);
        Assert.Contains("id=\"phone-error\"", html);
        Assert.DoesNotContain("id=\"password-error\"", html);
        Assert.Contains($"value=\"{name}\"", html);
        Assert.Contains("value=\"110105194912310021\"", html);
        Assert.DoesNotContain("secretpass99", html);
        Assert.False(await IdentityApiTests.DbAsync(app, db => db.Citizens.AnyAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task A_successful_registration_shows_only_the_masked_number()
    {
        var app = await AppAsync();
        var client = app.Anonymous();
        var token = await OneWindowApp.AntiforgeryTokenAsync(client, "/register");
        var number = NewIdNumber();
        var response = await PostAsync(client, token, new() { ["Name"] = NewName(), ["IdNumber"] = number, ["Phone"] = "13800138000", ["Password"] = "abcdefgh12" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<dd id=\"registered-id-number\">{number[..6]}********{number[14..]}</dd>", html);
        Assert.DoesNotContain(number, html);
        Assert.Contains("138****8000", html);

        // Registering the same number again from the form is refused without saying whose it is.
        var again = await PostAsync(client, await OneWindowApp.AntiforgeryTokenAsync(client, "/register"),
            new() { ["Name"] = NewName(), ["IdNumber"] = number, ["Phone"] = "13900139000", ["Password"] = "abcdefgh12" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已注册", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_speaks_english_when_asked()
    {
        var app = await AppAsync();
        var html = await app.Anonymous().GetStringAsync("/register?lang=en");
        Assert.Contains("Register as an individual", html);
        Assert.Contains("Citizen ID number", html);
    }
}

[Trait("Database", "Sqlite")]
public sealed class RegisterPageTestsOnSqlite() : RegisterPageTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class RegisterPageTestsOnPostgres() : RegisterPageTests(DbKind.Postgres);
