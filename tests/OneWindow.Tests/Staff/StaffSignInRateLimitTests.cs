using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Startup;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Staff;

/// <summary>Staff sign-in POSTs share the sign-in limit per client address; the shared test apps lift the limit, so this uses its own app.</summary>
[Trait("Database", "Sqlite")]
public sealed class StaffSignInRateLimitTests
{
    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_a_429_page_while_the_form_still_shows()
    {
        await using var database = await TestDatabase.CreateAsync(DbKind.Sqlite);
        using var baseApp = new OneWindowApp(database, demoData: false);
        using var app = baseApp.WithWebHostBuilder(b => b.UseSetting("Identity:SignIn:PermitPerMinute", "3"));
        await app.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 3; i++)
        {
            var refused = await OneWindowApp.PostSignInAsync(client, "nobody", "wrong-password");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var form = new HttpRequestMessage(HttpMethod.Post, "/staff/signin") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "nobody" }) };
        form.Headers.Accept.ParseAdd("text/html");
        var limited = await client.SendAsync(form);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.RetryAfter?.ToString());
        Assert.Contains("请求过于频繁", WebUtility.HtmlDecode(await limited.Content.ReadAsStringAsync()));
        // Showing the form is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/signin")).StatusCode);
    }
}
