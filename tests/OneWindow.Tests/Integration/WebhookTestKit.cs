using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Integration.Data;
using OneWindow.Integration.Dispatch;
using OneWindow.Integration.Domain;
using OneWindow.Integration.Protection;
using OneWindow.Shared.Events;
using OneWindow.Shared.Startup;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Integration;

/// <summary>One POST the receiver got: path, headers of interest and the raw body.</summary>
internal sealed record ReceivedWebhook(string Path, string? EventId, string? EventType, string? Timestamp, string? Signature, string? ContentType, string Body);

/// <summary>A department system's webhook endpoint: a real Kestrel listener on a free loopback port. It records every
/// request and answers with the status <see cref="Answer"/> chooses (200 unless told otherwise).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Status to answer a request with; called once per request, in arrival order.</summary>
    public Func<ReceivedWebhook, int> Answer { get; set; } = _ => 200;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> At(string path) => Received.Where(r => r.Path == path).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "webhook-receiver" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers;
            var received = new ReceivedWebhook(context.Request.Path, headers["X-OneWindow-Event-Id"], headers["X-OneWindow-Event-Type"],
                headers["X-OneWindow-Timestamp"], headers["X-OneWindow-Signature"], context.Request.ContentType, body);
            receiver.Received.Enqueue(received);
            context.Response.StatusCode = receiver.Answer(received);
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.Single().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal static class WebhookTestKit
{
    /// <summary>A node of the platform on the given database with the dispatcher loop off (tests run passes
    /// themselves) and the test's clock.</summary>
    public static async Task<WebApplicationFactory<Program>> NodeAsync(OneWindowApp root, TimeProvider clock, int maxAttempts = 8)
    {
        var node = root.WithWebHostBuilder(b => Deterministic(b, clock, maxAttempts));
        await node.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        return node;
    }

    /// <summary>The dispatcher loop off (the test runs passes itself) and the test's clock.</summary>
    public static void Deterministic(IWebHostBuilder builder, TimeProvider clock, int maxAttempts = 8)
    {
        builder.UseSetting("Integration:Dispatcher:Enabled", "false");
        builder.UseSetting("Integration:Dispatcher:MaxAttempts", maxAttempts.ToString(CultureInfo.InvariantCulture));
        // The receiver is in this process: on a busy machine it may answer late, which is not what these tests are about.
        builder.UseSetting("Integration:Dispatcher:TimeoutSeconds", "60");
        builder.ConfigureTestServices(s => s.AddSingleton(clock));
    }

    public static async Task<DispatchResult> DispatchAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().DispatchOnceAsync(default);
    }

    /// <summary>Appends an event through EventOutbox inside a transaction, then commits it or rolls it back.</summary>
    public static async Task<Guid> AppendAsync(IServiceProvider services, string type, long? departmentId, object payload, DateTimeOffset at, bool commit = true)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntegrationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var id = Guid.NewGuid();
        await EventOutbox.AppendAsync(db, new OutboxEvent(id, type, departmentId, "case:" + id.ToString("N")[..8], payload), at);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return id;
    }

    /// <summary>A subscription stored directly (the API tests go through HTTP); returns its id and secret.</summary>
    public static async Task<(long Id, string Secret)> SubscribeAsync(IServiceProvider services, string url, long? departmentId, string eventTypes = "")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntegrationDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<SecretProtector>();
        var secret = SecretProtector.NewSecret();
        var subscription = new Subscription { Owner = "staff:test", DepartmentId = departmentId, Url = url, EventTypes = eventTypes, Active = true, CreatedAt = DateTimeOffset.UtcNow };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        subscription.SecretProtected = protector.Protect(secret, subscription.Id);
        await db.SaveChangesAsync();
        return (subscription.Id, secret);
    }

    public static async Task<List<Delivery>> DeliveriesAsync(IServiceProvider services, long subscriptionId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IntegrationDbContext>().Deliveries.AsNoTracking()
            .Where(d => d.SubscriptionId == subscriptionId).OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>What a receiver computes: hex HMAC-SHA256 of "{timestamp}.{body}" — written out here independently
    /// of the platform's code.</summary>
    public static string ExpectedSignature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
}
