using System.Net;
using Microsoft.AspNetCore.Hosting;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>
/// Development conveniences stay in Development: /dev/outbox (which shows one-time codes) answers 404 in the test and
/// staging environments, the development sender is refused there, and no environment but Development starts without
/// a sender named in Identity:Messaging:Sender. 李梅's password was once reset with a code read off a staging outbox.
/// </summary>
public abstract class DevelopmentOutboxTests(DbKind kind)
{
    [Fact]
    public async Task The_outbox_page_is_not_found_outside_development_and_codes_never_show_there()
    {
        var app = await SharedApps.GetAsync(kind);
        var citizen = await RegisterAsync(app);
        var client = app.Anonymous();
        // A reset code is sent (to the test hosts' capturing sender, standing in for the phone)…
        var reset = await PostFormAsync(client, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber }, "Send");
        Assert.True(reset.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"reset → {(int)reset.StatusCode}");
        var code = await LatestCodeAsync(app, citizen);
        Assert.Matches("^[0-9]{6}$", code);

        // …and the page that used to show it to anyone is gone.
        foreach (var path in new[] { "/dev/outbox", "/dev/outbox?recipient=" + citizen.Subject })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(code, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Staging_answers_the_outbox_with_404_and_refuses_the_development_sender()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        using (var staging = new OneWindowApp(database, demoData: false, configure: b => b.UseEnvironment("Staging")))
        {
            await staging.WaitUntilReadyAsync();
            Assert.Equal(HttpStatusCode.NotFound, (await staging.Anonymous().GetAsync("/dev/outbox")).StatusCode);
        }

        using var withDevSender = new OneWindowApp(database, demoData: false, settings: new Dictionary<string, string> { ["Identity:Messaging:Sender"] = "dev-outbox" },
            configure: b => b.UseEnvironment("Staging"));
        var error = Assert.ThrowsAny<Exception>(() => withDevSender.CreateClient());
        Assert.Contains("Identity:Messaging:Sender", Messages(error));
        Assert.Contains("Development only", Messages(error));
    }

    [Fact]
    public async Task Outside_development_the_app_does_not_start_without_a_sender()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        using var app = new OneWindowApp(database, demoData: false, settings: new Dictionary<string, string> { ["Identity:Messaging:Sender"] = "" });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Identity:Messaging:Sender is not set", Messages(error));

        using var halfConfigured = new OneWindowApp(database, demoData: false, settings: new Dictionary<string, string> { ["Identity:Messaging:Sender"] = "http-sms" });
        Assert.Contains("Identity:Messaging:HttpSms:Url", Messages(Assert.ThrowsAny<Exception>(() => halfConfigured.CreateClient())));
    }

    private static string Messages(Exception error)
    {
        var all = new List<string>();
        for (var e = error; e != null; e = e.InnerException)
        {
            all.Add(e.Message);
        }

        return string.Join(" | ", all);
    }
}

[Trait("Database", "Sqlite")]
public sealed class DevelopmentOutboxTestsOnSqlite() : DevelopmentOutboxTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class DevelopmentOutboxTestsOnPostgres() : DevelopmentOutboxTests(DbKind.Postgres);
