using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Startup;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.IdentityTestData;

namespace OneWindow.Tests.Identity;

/// <summary>Registrations are limited per client address; the shared test apps lift the limit, so this uses its own app.</summary>
[Trait("Database", "Sqlite")]
public sealed class RegistrationRateLimitTests
{
    [Fact]
    public async Task Too_many_registrations_from_one_address_get_a_429_problem()
    {
        await using var database = await TestDatabase.CreateAsync(DbKind.Sqlite);
        using var baseApp = new OneWindowApp(database, demoData: false);
        using var app = baseApp.WithWebHostBuilder(b => b.UseSetting("Identity:Registration:PermitPerMinute", "3"));
        await app.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var ok = await Json.PostAsync(client, "/api/v1/citizens", Citizen(NewName(), NewIdNumber()));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        var problem = await Json.ProblemAsync(await Json.PostAsync(client, "/api/v1/citizens", Citizen(NewName(), NewIdNumber())), 429);
        Assert.Equal("请求过于频繁", problem["title"]!.GetValue<string>());
        Assert.Equal("60", (await Json.PostAsync(client, "/api/v1/citizens", Citizen(NewName(), NewIdNumber()))).Headers.RetryAfter?.ToString());
        // The form shares the limit and answers with a readable page.
        using var form = new HttpRequestMessage(HttpMethod.Post, "/register") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "x" }) };
        form.Headers.Accept.ParseAdd("text/html");
        var page = await client.SendAsync(form);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("请求过于频繁", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/register")).StatusCode);
    }

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_are_refused_before_any_password_check()
    {
        await using var database = await TestDatabase.CreateAsync(DbKind.Sqlite);
        using var baseApp = new OneWindowApp(database, demoData: false);
        using var app = baseApp.WithWebHostBuilder(b => b.UseSetting("Identity:SignIn:PermitPerMinute", "3"));
        await app.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await OneWindowApp.AntiforgeryTokenAsync(client, "/signin");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["IdNumber"] = NewIdNumber(), ["Password"] = "guess number " + i,
            }));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // The code-sending pages share the limit.
        var reset = await client.PostAsync("/signin/reset?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["IdNumber"] = NewIdNumber() }));
        Assert.Equal(HttpStatusCode.TooManyRequests, reset.StatusCode);
    }
}
