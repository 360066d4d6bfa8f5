using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Integration.Data;
using OneWindow.Integration.Domain;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Integration.WebhookTestKit;

namespace OneWindow.Tests.Integration;

/// <summary>
/// The dispatcher end to end against a real HTTP receiver: signed envelopes, the outbox's transaction semantics,
/// retries on a clock the test moves, dead deliveries, department and type filtering, and two nodes on one database.
/// Each test has its own database and drives dispatch passes itself (the background loop is off).
/// </summary>
public abstract class WebhookDispatchTests(DbKind kind) : IAsyncLifetime
{
    private readonly MovableClock clock = new(DateTimeOffset.UtcNow);
    private TestDatabase database = null!;
    private OneWindowApp root = null!;
    private WebhookReceiver receiver = null!;
    private readonly List<WebApplicationFactory<Program>> nodes = [];

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(kind);
        root = new OneWindowApp(database, demoData: false);
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        await receiver.DisposeAsync();
        await root.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<IServiceProvider> NodeServicesAsync(int maxAttempts = 8)
    {
        var node = await NodeAsync(root, clock, maxAttempts);
        nodes.Add(node);
        return node.Services;
    }

    [Fact]
    public async Task A_delivered_event_carries_the_envelope_and_a_signature_that_verifies_with_the_secret()
    {
        var services = await NodeServicesAsync();
        var (subscriptionId, secret) = await SubscribeAsync(services, receiver.BaseUrl + "/hook", 7);
        var occurred = new DateTimeOffset(2026, 11, 24, 3, 4, 5, TimeSpan.Zero);
        var eventId = await AppendAsync(services, "case.submitted", 7, new { caseNo = "2026-0001", itemCode = "11340100MB1" }, occurred);

        var result = await DispatchAsync(services);
        Assert.Equal(1, result.Delivered);

        var received = Assert.Single(receiver.Received);
        Assert.Equal("/hook", received.Path);
        Assert.Equal("application/json", received.ContentType?.Split(';')[0]);
        Assert.Equal(eventId.ToString("D"), received.EventId);
        Assert.Equal("case.submitted", received.EventType);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), received.Timestamp);
        Assert.Equal(ExpectedSignature(secret, received.Timestamp!, received.Body), received.Signature);
        Assert.NotEqual(ExpectedSignature(secret + "x", received.Timestamp!, received.Body), received.Signature);

        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal(eventId.ToString("D"), body["id"]!.GetValue<string>());
        Assert.Equal("case.submitted", body["type"]!.GetValue<string>());
        Assert.Equal(occurred, DateTimeOffset.Parse(body["occurredAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.StartsWith("case:", body["subject"]!.GetValue<string>());
        Assert.Equal(7, body["departmentId"]!.GetValue<long>());
        Assert.Equal("2026-0001", body["data"]!["caseNo"]!.GetValue<string>());

        var delivery = Assert.Single(await DeliveriesAsync(services, subscriptionId));
        Assert.Equal((DeliveryStatus.Delivered, 1, 200), (delivery.Status, delivery.Attempts, delivery.LastStatus));
        Assert.Equal(eventId, delivery.EventId);

        // A second pass finds nothing left to do.
        var again = await DispatchAsync(services);
        Assert.Equal((0, 0), (again.FannedOut, again.Sent));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task An_event_appended_in_a_transaction_that_rolls_back_is_never_delivered()
    {
        var services = await NodeServicesAsync();
        await SubscribeAsync(services, receiver.BaseUrl + "/hook", null);
        var rolledBack = await AppendAsync(services, "case.accepted", 3, new { n = 1 }, clock.GetUtcNow(), commit: false);
        var committed = await AppendAsync(services, "case.accepted", 3, new { n = 2 }, clock.GetUtcNow());

        await DispatchAsync(services);
        clock.Advance(TimeSpan.FromDays(1));
        await DispatchAsync(services);

        Assert.Equal([committed.ToString("D")], receiver.Received.Select(r => r.EventId));
        await using var scope = services.CreateAsyncScope();
        var outbox = await scope.ServiceProvider.GetRequiredService<IntegrationDbContext>().Outbox.AsNoTracking().ToListAsync();
        Assert.Equal([committed], outbox.Select(o => o.EventId));
        Assert.DoesNotContain(rolledBack, outbox.Select(o => o.EventId));
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_the_event_on_the_second_attempt_after_the_backoff()
    {
        var services = await NodeServicesAsync();
        var (subscriptionId, secret) = await SubscribeAsync(services, receiver.BaseUrl + "/flaky", 5);
        var calls = 0;
        receiver.Answer = _ => Interlocked.Increment(ref calls) == 1 ? 500 : 200;
        var eventId = await AppendAsync(services, "case.decided", 5, new { decision = "approved" }, clock.GetUtcNow());

        var first = await DispatchAsync(services);
        Assert.Equal((1, 1), (first.Sent, first.Failed));
        var failed = Assert.Single(await DeliveriesAsync(services, subscriptionId));
        Assert.Equal((DeliveryStatus.Pending, 1, 500), (failed.Status, failed.Attempts, failed.LastStatus));
        Assert.Contains("500", failed.LastError);
        Assert.DoesNotContain("approved", failed.LastError);
        var wait = failed.NextAttemptAt - clock.GetUtcNow();
        Assert.InRange(wait, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));

        // Not due yet: nothing is sent.
        Assert.Equal(0, (await DispatchAsync(services)).Sent);
        Assert.Single(receiver.Received);

        clock.Advance(TimeSpan.FromSeconds(13));
        var second = await DispatchAsync(services);
        Assert.Equal(1, second.Delivered);
        var delivered = Assert.Single(await DeliveriesAsync(services, subscriptionId));
        Assert.Equal((DeliveryStatus.Delivered, 2, 200), (delivered.Status, delivered.Attempts, delivered.LastStatus));
        Assert.Null(delivered.LastError);

        // Both attempts carried the same event id (the receiver's deduplication key), each signed for its own time.
        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.Equal(eventId.ToString("D"), r.EventId));
        Assert.All(receiver.Received, r => Assert.Equal(ExpectedSignature(secret, r.Timestamp!, r.Body), r.Signature));
        Assert.NotEqual(receiver.Received.First().Timestamp, receiver.Received.Last().Timestamp);
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_dead_after_MaxAttempts_and_not_sent_again()
    {
        var services = await NodeServicesAsync(maxAttempts: 3);
        var (subscriptionId, _) = await SubscribeAsync(services, receiver.BaseUrl + "/down", 5);
        receiver.Answer = _ => 503;
        await AppendAsync(services, "case.closed", 5, new { }, clock.GetUtcNow());

        for (var i = 0; i < 5; i++)
        {
            await DispatchAsync(services);
            clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(3, receiver.Received.Count);
        var dead = Assert.Single(await DeliveriesAsync(services, subscriptionId));
        Assert.Equal((DeliveryStatus.Dead, 3, 503), (dead.Status, dead.Attempts, dead.LastStatus));
        Assert.Null(dead.DeliveredAt);
    }

    [Fact]
    public async Task Subscriptions_get_their_department_s_events_and_types_platform_wide_ones_get_all()
    {
        var services = await NodeServicesAsync();
        var (mine, _) = await SubscribeAsync(services, receiver.BaseUrl + "/dept1", 1);
        var (other, _) = await SubscribeAsync(services, receiver.BaseUrl + "/dept2", 2);
        var (decisions, _) = await SubscribeAsync(services, receiver.BaseUrl + "/dept1-decisions", 1, "case.decided case.closed");
        var (platform, _) = await SubscribeAsync(services, receiver.BaseUrl + "/platform", null, "case.");
        var submitted1 = await AppendAsync(services, "case.submitted", 1, new { }, clock.GetUtcNow());
        var decided1 = await AppendAsync(services, "case.decided", 1, new { }, clock.GetUtcNow());
        var decided3 = await AppendAsync(services, "case.decided", 3, new { }, clock.GetUtcNow());
        var noDepartment = await AppendAsync(services, "case.paused", null, new { }, clock.GetUtcNow());
        var notACase = await AppendAsync(services, "catalog.item.published", 1, new { }, clock.GetUtcNow());

        await DispatchAsync(services);

        string[] Ids(string path) => receiver.At(path).Select(r => r.EventId!).Order().ToArray();
        string[] Expected(params Guid[] ids) => ids.Select(i => i.ToString("D")).Order().ToArray();
        Assert.Equal(Expected(submitted1, decided1, notACase), Ids("/dept1"));
        Assert.Empty(Ids("/dept2"));
        Assert.Empty(await DeliveriesAsync(services, other));
        Assert.Equal(Expected(decided1), Ids("/dept1-decisions"));
        Assert.Equal(Expected(submitted1, decided1, decided3, noDepartment), Ids("/platform"));
        Assert.Equal(3, (await DeliveriesAsync(services, mine)).Count);
        Assert.Single(await DeliveriesAsync(services, decisions));
        Assert.Equal(4, (await DeliveriesAsync(services, platform)).Count);
        var nullDepartment = receiver.At("/platform").Single(r => r.EventId == noDepartment.ToString("D"));
        Assert.Null(JsonNode.Parse(nullDepartment.Body)!["departmentId"]);
    }

    [Fact]
    public async Task Two_nodes_dispatching_at_once_deliver_each_event_once()
    {
        var first = await NodeServicesAsync();
        var second = await NodeServicesAsync();
        await SubscribeAsync(first, receiver.BaseUrl + "/a", 4);
        await SubscribeAsync(first, receiver.BaseUrl + "/b", null);
        var events = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            events.Add(await AppendAsync(i % 2 == 0 ? first : second, "case.step_completed", 4, new { step = i }, clock.GetUtcNow()));
        }

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(DispatchAsync(first), DispatchAsync(second), DispatchAsync(first), DispatchAsync(second));
        }

        foreach (var path in new[] { "/a", "/b" })
        {
            var ids = receiver.At(path).Select(r => r.EventId!).ToList();
            Assert.Equal(events.Select(e => e.ToString("D")).Order(), ids.Order());
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class WebhookDispatchTestsOnSqlite() : WebhookDispatchTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class WebhookDispatchTestsOnPostgres() : WebhookDispatchTests(DbKind.Postgres);
