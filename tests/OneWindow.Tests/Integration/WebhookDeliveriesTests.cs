using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Data;
using OneWindow.Integration.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Integration.WebhookTestKit;

namespace OneWindow.Tests.Integration;

/// <summary>Deliveries as their managers see them: GET {id}/deliveries, redelivery through the API and through
/// /admin/webhooks (CSRF form), each refused outside the caller's department.</summary>
public abstract class WebhookDeliveriesTests(DbKind kind) : IAsyncLifetime
{
    private readonly MovableClock clock = new(DateTimeOffset.UtcNow);
    private TestDatabase database = null!;
    private OneWindowApp root = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(kind);
        root = new OneWindowApp(database, demoData: false, configure: b => Deterministic(b, clock));
        await root.WaitUntilReadyAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await root.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_department_admin_sees_its_deliveries_and_redelivers_a_failed_one_through_the_api_and_the_page()
    {
        var app = root;
        var admin = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga");
        var ga = await OidcTestKit.DepartmentIdAsync(root.Services, "ga");
        var created = await Json.PostAsync(admin, "/api/v1/webhooks/subscriptions", new { url = receiver.BaseUrl + "/ga", eventTypes = new[] { "case." } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["subscription"]!["id"]!.GetValue<long>();

        receiver.Answer = _ => 500;
        await AppendAsync(root.Services, "case.accepted", ga, new { caseNo = "A-1" }, clock.GetUtcNow());
        await DispatchAsync(root.Services);

        var page = await Json.GetAsync(admin, $"/api/v1/webhooks/subscriptions/{id}/deliveries");
        var delivery = Assert.Single(page["deliveries"]!.AsArray())!;
        Assert.Equal(("pending", 1, 500, "case.accepted"), (delivery["status"]!.GetValue<string>(), delivery["attempts"]!.GetValue<int>(),
            delivery["lastStatus"]!.GetValue<int>(), delivery["eventType"]!.GetValue<string>()));
        var deliveryId = delivery["id"]!.GetValue<long>();

        // Another department's admin: neither the list nor the redelivery.
        var stranger = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "sf");
        await Json.ProblemAsync(await stranger.GetAsync($"/api/v1/webhooks/subscriptions/{id}/deliveries"), 404);
        await Json.ProblemAsync(await stranger.PostAsync($"/api/v1/webhooks/deliveries/{deliveryId}/redeliver", null), 404);

        // Redelivery through the API: a fresh schedule, sent at the next pass.
        var again = await Json.ReadAsync(await admin.PostAsync($"/api/v1/webhooks/deliveries/{deliveryId}/redeliver", null));
        Assert.Equal(("pending", 0), (again["status"]!.GetValue<string>(), again["attempts"]!.GetValue<int>()));
        receiver.Answer = _ => 200;
        await DispatchAsync(root.Services);
        var delivered = Assert.Single(await DeliveriesAsync(root.Services, id));
        Assert.Equal((DeliveryStatus.Delivered, 1), (delivered.Status, delivered.Attempts));

        // The admin page lists the subscription and the delivery; its redeliver button is a CSRF-protected POST.
        var html = await admin.GetStringAsync("/admin/webhooks");
        Assert.Contains(receiver.BaseUrl + "/ga", html);
        Assert.Contains("已送达", html);
        var token = await OneWindowApp.AntiforgeryTokenAsync(admin, "/admin/webhooks");
        var withoutToken = await admin.PostAsync("/admin/webhooks?handler=Redeliver", new FormUrlEncodedContent(new Dictionary<string, string> { ["deliveryId"] = deliveryId.ToString() }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        var posted = await admin.PostAsync("/admin/webhooks?handler=Redeliver", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["deliveryId"] = deliveryId.ToString(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal((DeliveryStatus.Pending, 0), (Assert.Single(await DeliveriesAsync(root.Services, id)).Status, Assert.Single(await DeliveriesAsync(root.Services, id)).Attempts));
        await DispatchAsync(root.Services);
        Assert.Equal(3, receiver.At("/ga").Count);

        var audit = await app.QueryAsync<AuditDbContext, List<string>>(db =>
            db.Entries.AsNoTracking().Where(e => e.Action == "integration.delivery.redelivered" && e.TargetId == deliveryId.ToString()).Select(e => e.Actor).ToListAsync());
        Assert.Equal(2, audit.Count);

        // Other staff: the page is refused.
        var officer = await app.SignedInAsync(StaffRoles.WindowOfficer, "ga");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/admin/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync(StaffRoles.PlatformAdmin, "sj")).GetAsync("/admin/webhooks?lang=en")).StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class WebhookDeliveriesTestsOnSqlite() : WebhookDeliveriesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class WebhookDeliveriesTestsOnPostgres() : WebhookDeliveriesTests(DbKind.Postgres);
