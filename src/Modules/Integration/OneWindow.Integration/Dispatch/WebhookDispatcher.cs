using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Integration.Data;
using OneWindow.Integration.Domain;
using OneWindow.Integration.Protection;

namespace OneWindow.Integration.Dispatch;

/// <summary>What one dispatch pass did.</summary>
public sealed record DispatchResult(int FannedOut, int Sent, int Delivered, int Failed, int Dead);

/// <summary>
/// Moves events from the outbox to the subscribers. A pass (1) fans out new outbox rows into deliveries of the active
/// subscriptions that want them and marks the rows dispatched, in one transaction per batch (PostgreSQL: rows locked
/// with FOR UPDATE SKIP LOCKED so nodes take different rows; SQLite: one writer), then (2) claims due deliveries with
/// a conditional UPDATE of their lease (a row is claimed by exactly one node), POSTs them signed, and records the
/// outcome: 2xx delivered, otherwise retried with backoff until MaxAttempts, then dead.
/// </summary>
public sealed class WebhookDispatcher(
    IntegrationDbContext db,
    IHttpClientFactory httpClients,
    SecretProtector secrets,
    DispatcherOptions options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "integration-webhooks";

    /// <summary>How long a claimed delivery stays with its node: longer than a batch of timeouts.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const int SendParallelism = 8;

    /// <summary>One complete pass: fan out everything new, then send everything due (batch by batch).</summary>
    public async Task<DispatchResult> DispatchOnceAsync(CancellationToken ct)
    {
        var fannedOut = 0;
        int batch;
        do
        {
            batch = await FanOutAsync(ct);
            fannedOut += batch;
        }
        while (batch == options.BatchSize);

        var total = new DispatchResult(fannedOut, 0, 0, 0, 0);
        while (true)
        {
            var sent = await SendDueAsync(ct);
            total = total with { Sent = total.Sent + sent.Sent, Delivered = total.Delivered + sent.Delivered, Failed = total.Failed + sent.Failed, Dead = total.Dead + sent.Dead };
            if (sent.Sent < options.BatchSize)
            {
                return total;
            }
        }
    }

    /// <summary>Fans out one batch of outbox rows; returns how many rows it took.</summary>
    internal async Task<int> FanOutAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = db.IsPostgres
            ? await db.Outbox.FromSqlRaw(
                "SELECT * FROM integration_outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT {0} FOR UPDATE SKIP LOCKED", options.BatchSize).ToListAsync(ct)
            : await db.Outbox.Where(o => o.DispatchedAt == null).OrderBy(o => o.Id).Take(options.BatchSize).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            foreach (var subscription in subscriptions.Where(s => s.Wants(row.Type, row.DepartmentId)))
            {
                db.Deliveries.Add(new Domain.Delivery
                {
                    SubscriptionId = subscription.Id,
                    EventId = row.EventId,
                    OutboxId = row.Id,
                    Status = DeliveryStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
            }

            row.DispatchedAt = now;
            row.Attempts++;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return rows.Count;
    }

    /// <summary>Claims and sends one batch of due deliveries.</summary>
    internal async Task<DispatchResult> SendDueAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        var candidates = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.Id)
            .Take(options.BatchSize)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return new DispatchResult(0, 0, 0, 0, 0);
        }

        // The claim: one UPDATE; a row whose lease another node took meanwhile no longer matches (PostgreSQL re-checks
        // the condition after waiting for the other writer), so each delivery goes to one node.
        var token = Guid.NewGuid();
        var leaseUntil = now + Lease;
        await db.Deliveries
            .Where(d => candidates.Contains(d.Id) && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, leaseUntil).SetProperty(d => d.LeaseToken, token), ct);

        var claimed = await (
                from d in db.Deliveries
                where candidates.Contains(d.Id) && d.LeaseToken == token
                join o in db.Outbox on d.OutboxId equals o.Id
                join s in db.Subscriptions on d.SubscriptionId equals s.Id
                select new { Delivery = d, Message = o, Subscription = s })
            .ToListAsync(ct);

        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<long, Attempt>();
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = SendParallelism, CancellationToken = ct }, async (item, token) =>
            outcomes[item.Delivery.Id] = item.Subscription.Active
                ? await SendAsync(item.Subscription, item.Message, token)
                : new Attempt(null, "订阅已停用 subscription deactivated", Final: true));

        var at = clock.GetUtcNow();
        int delivered = 0, failed = 0, dead = 0;
        foreach (var item in claimed)
        {
            var delivery = item.Delivery;
            var attempt = outcomes[delivery.Id];
            delivery.LeaseUntil = null;
            delivery.LeaseToken = null;
            delivery.LastStatus = attempt.Status;
            if (attempt.Final && attempt.Status == null)
            {
                delivery.Status = DeliveryStatus.Dead;
                delivery.LastError = attempt.Error;
                dead++;
                continue;
            }

            delivery.Attempts++;
            if (attempt.Succeeded)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = at;
                delivery.LastError = null;
                delivered++;
            }
            else if (delivery.Attempts >= options.MaxAttempts)
            {
                delivery.Status = DeliveryStatus.Dead;
                delivery.LastError = attempt.Error;
                dead++;
            }
            else
            {
                delivery.NextAttemptAt = at + Backoff.Delay(delivery.Attempts);
                delivery.LastError = attempt.Error;
                failed++;
            }
        }

        await db.SaveChangesAsync(ct);
        return new DispatchResult(0, claimed.Count, delivered, failed, dead);
    }

    private sealed record Attempt(int? Status, string? Error, bool Final = false)
    {
        public bool Succeeded => Status is >= 200 and < 300;
    }

    private async Task<Attempt> SendAsync(Subscription subscription, OutboxMessage message, CancellationToken ct)
    {
        string secret;
        try
        {
            secret = secrets.Unprotect(subscription.SecretProtected, subscription.Id);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            logger.LogError("Webhook secret of subscription {SubscriptionId} cannot be decrypted (wrong Integration:SecretEncryptionKey?)", subscription.Id);
            return new Attempt(null, "签名密钥无法解密 secret cannot be decrypted");
        }

        var body = WebhookSignature.Envelope(message);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.EventIdHeader, message.EventId.ToString("D"));
        request.Headers.Add(WebhookSignature.EventTypeHeader, message.Type);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("OneWindow-Webhooks", "1"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return new Attempt(status, status is >= 200 and < 300 ? null : Truncate($"HTTP {status} {response.ReasonPhrase}"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Attempt(null, $"超时 timeout after {options.TimeoutSeconds} s");
        }
        catch (HttpRequestException exception)
        {
            // The message names the host and the socket error, never the payload.
            return new Attempt(null, Truncate(exception.HttpRequestError + ": " + exception.Message));
        }
    }

    private static string Truncate(string value) => value.Length <= 500 ? value : value[..500];
}

/// <summary>Retry schedule: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h, each ±20 % so receivers that
/// failed together are not retried in one burst.</summary>
public static class Backoff
{
    private static readonly TimeSpan[] Steps =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(12)];

    /// <summary>The nominal wait after the given number of failed attempts (1-based).</summary>
    public static TimeSpan Nominal(int failedAttempts) => Steps[Math.Clamp(failedAttempts, 1, Steps.Length) - 1];

    /// <summary>The nominal wait with jitter in [-20 %, +20 %].</summary>
    public static TimeSpan Delay(int failedAttempts) =>
        Nominal(failedAttempts) * (0.8 + (0.4 * Random.Shared.NextDouble()));
}
