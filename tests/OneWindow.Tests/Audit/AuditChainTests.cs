using Microsoft.EntityFrameworkCore;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Audit;

/// <summary>Sealing and verification on a database of their own: the chain verifies, concurrent sealers seal each
/// entry once, gaps are waited on, and edits, deletions, swaps and stuck entries are found and located.</summary>
public abstract class AuditChainTests(DbKind kind)
{
    [Fact]
    public async Task Sealed_entries_verify_and_two_concurrent_sealers_seal_each_entry_once()
    {
        await using var app = await AuditTestApp.StartAsync(kind);
        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.AppendAsync(60)));
        var sealedCount = 0;
        while (!writers.IsCompleted)
        {
            var both = await Task.WhenAll(app.SealAsync(), app.SealAsync());
            sealedCount += both.Sum();
        }

        await writers;
        for (var round = 0; round < 5; round++)
        {
            var both = await Task.WhenAll(app.SealAsync(), app.SealAsync());
            sealedCount += both.Sum();
        }

        var total = await app.DbAsync(db => db.Entries.CountAsync());
        Assert.True(total >= 240);
        Assert.Equal(total, sealedCount);
        Assert.Equal(0, await app.DbAsync(db => db.Entries.CountAsync(e => e.Seal == null || e.SealedAt == null)));
        var result = await app.VerifyAsync();
        Assert.True(result.Ok, result.Problem);
        Assert.Equal(total, result.Checked);
        Assert.Null(result.FirstBad);
    }

    [Fact]
    public async Task An_edited_summary_is_found_at_its_seq()
    {
        await using var app = await AuditTestApp.StartAsync(kind);
        await app.AppendAsync(5);
        await app.SealAsync();
        var target = (await app.SeqsAsync())[3];
        await app.SqlAsync($"UPDATE audit_entries SET summary = 'nothing happened' WHERE seq = {target}");

        var result = await app.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(target, result.FirstBad);
        Assert.Contains("edited", result.Problem);
        Assert.Equal(3, result.Checked);
    }

    [Fact]
    public async Task A_deleted_sealed_entry_is_reported_at_the_entry_after_it()
    {
        await using var app = await AuditTestApp.StartAsync(kind);
        await app.AppendAsync(5);
        await app.SealAsync();
        var seqs = await app.SeqsAsync();
        await app.SqlAsync($"DELETE FROM audit_entries WHERE seq = {seqs[2]}");

        var result = await app.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(seqs[3], result.FirstBad);
        Assert.Contains($"entry before seq {seqs[3]} missing or altered", result.Problem);
    }

    [Fact]
    public async Task Swapped_entries_are_reported_as_reordered()
    {
        await using var app = await AuditTestApp.StartAsync(kind);
        await app.AppendAsync(5);
        await app.SealAsync();
        var seqs = await app.SeqsAsync();
        var (a, b) = (seqs[2], seqs[3]);
        await app.SqlAsync($"UPDATE audit_entries SET seq = -1 WHERE seq = {a}");
        await app.SqlAsync($"UPDATE audit_entries SET seq = {a} WHERE seq = {b}");
        await app.SqlAsync($"UPDATE audit_entries SET seq = {b} WHERE seq = -1");

        var result = await app.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(a, result.FirstBad);
        Assert.Contains("reordered", result.Problem);
    }

    [Fact]
    public async Task An_entry_unsealed_for_more_than_a_minute_is_reported_and_a_fresh_one_is_not()
    {
        await using var app = await AuditTestApp.StartAsync(kind);
        await app.AppendAsync(3);
        await app.SealAsync();
        await app.AppendAsync(1);
        Assert.True((await app.VerifyAsync()).Ok);

        await app.AppendAsync(1, DateTimeOffset.UtcNow.AddMinutes(-2));
        var stale = (await app.SeqsAsync())[^1];
        var result = await app.VerifyAsync();
        Assert.False(result.Ok);
        Assert.Equal(stale, result.FirstBad);
        Assert.Contains("unsealed", result.Problem);

        // Sealing it clears the finding.
        await app.SealAsync();
        Assert.True((await app.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task The_sealer_waits_at_a_recent_gap_and_passes_an_old_one()
    {
        await using var app = await AuditTestApp.StartAsync(kind);
        await app.AppendAsync(2);
        await app.SealAsync();

        // A gap: the next seq is missing (still in flight, or rolled back) and the entry after it is recent.
        await app.AppendAsync(2);
        var seqs = await app.SeqsAsync();
        await app.SqlAsync($"DELETE FROM audit_entries WHERE seq = {seqs[^2]}");
        Assert.Equal(0, await app.SealAsync());
        Assert.True((await app.VerifyAsync()).Ok);

        // Once the entry after the gap is older than the grace period, the gap was a rollback: seal past it.
        await app.SqlAsync(kind == DbKind.Postgres
            ? "UPDATE audit_entries SET occurred_at = occurred_at - interval '30 seconds' WHERE seal IS NULL"
            : $"UPDATE audit_entries SET occurred_at = occurred_at - {TimeSpan.FromSeconds(30).Ticks} WHERE seal IS NULL");
        Assert.Equal(1, await app.SealAsync());
        var result = await app.VerifyAsync();
        Assert.True(result.Ok, result.Problem);
    }
}

[Trait("Database", "Sqlite")]
public sealed class AuditChainTestsOnSqlite() : AuditChainTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class AuditChainTestsOnPostgres() : AuditChainTests(DbKind.Postgres);
