using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Exchange.ExchangeLogTestKit;

namespace OneWindow.Tests.Exchange;

/// <summary>The exchange log's writer, sealer and verifier on each database: group commit, hash-tree roots, tampering.</summary>
public abstract class ExchangeLogTests(DbKind kind)
{
    [Fact]
    public async Task Concurrent_writers_get_distinct_ids_and_every_entry_is_stored_once()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            var entries = Enumerable.Range(0, 300).Select(i => Entry("res/concurrent", subjects: [$"s{i % 7}", $"t{i}"])).ToList();

            var ids = await Task.WhenAll(entries.Select(e => Task.Run(() => WriteAsync(app, e))));

            Assert.Equal(300, ids.Distinct().Count());
            var stored = await LogDbAsync(app, db => db.Entries.AsNoTracking().Select(e => new { e.Id, e.RequestId, e.LeafHash }).ToListAsync());
            Assert.Equal(300, stored.Count);
            Assert.Equal(ids.Order(), stored.Select(s => s.Id).Order());
            Assert.Equal(entries.Select(e => e.RequestId).Order(), stored.Select(s => s.RequestId).Order());
            var byId = stored.ToDictionary(s => s.Id);
            for (var i = 0; i < entries.Count; i++)
            {
                Assert.Equal(entries[i].RequestId, byId[ids[i]].RequestId);
            }

            Assert.Equal(600, await LogDbAsync(app, db => db.Subjects.CountAsync()));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task A_failing_batch_fails_every_caller_in_it_and_stores_nothing()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            await WriteAsync(app, Entry("res/before"));
            await SqlAsync(app, "ALTER TABLE exchange_log_subjects RENAME TO exchange_log_subjects_away");

            var calls = Enumerable.Range(0, 40).Select(_ => Task.Run(() => WriteAsync(app, Entry("res/failing")))).ToList();
            foreach (var call in calls)
            {
                await Assert.ThrowsAsync<ExchangeLogUnavailableException>(() => call);
            }

            await SqlAsync(app, "ALTER TABLE exchange_log_subjects_away RENAME TO exchange_log_subjects");
            Assert.Equal(0, await LogDbAsync(app, db => db.Entries.CountAsync(e => e.ResourceCode == "res/failing")));
            var after = await WriteAsync(app, Entry("res/after"));
            Assert.True(after > 0);
            Assert.Equal(2, await LogDbAsync(app, db => db.Entries.CountAsync()));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task A_bad_entry_is_refused_alone_and_never_joins_a_batch()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            var good = Task.Run(() => WriteAsync(app, Entry("res/good")));
            await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(app, Entry("res/bad", purpose: new string('x', 501))));
            Assert.True(await good > 0);
            Assert.Equal(0, await LogDbAsync(app, db => db.Entries.CountAsync(e => e.ResourceCode == "res/bad")));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Sealing_covers_every_entry_once_under_chained_signed_roots_and_verifies()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => WriteAsync(app, Entry("res/a"))));
            var first = await SealAsync(app);
            await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => WriteAsync(app, Entry("res/b"))));
            var second = await SealAsync(app);

            Assert.Equal(50, Assert.Single(first).EntryCount);
            var root2 = Assert.Single(second);
            Assert.Equal((2L, 7), (root2.Id, root2.EntryCount));
            Assert.Equal(first[0].RootHash, root2.PreviousHash);
            Assert.Empty(await SealAsync(app));
            Assert.Equal(0, await LogDbAsync(app, db => db.Entries.CountAsync(e => e.RootId == null)));
            var verified = await VerifyAsync(app);
            Assert.True(verified.Ok, verified.Reason);
            Assert.Equal((2L, 57L), (verified.Roots, verified.Entries));
            // The audit trail carries every root's hash (the chain with the audit log).
            var audited = await app.QueryAsync<ExchangeLogDbContext, List<string>>(db => db.Database
                .SqlQueryRaw<string>("SELECT data_json AS \"Value\" FROM audit_entries WHERE action = 'exchange.log.sealed' ORDER BY seq").ToListAsync());
            Assert.Equal(2, audited.Count);
            Assert.Contains(root2.RootHash, audited[1]);
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task A_proof_checks_out_without_the_servers_code_and_the_leaf_follows_the_documented_form()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            var entries = Enumerable.Range(0, 11).Select(i => Entry("res/proof", subjects: ["zz" + i, "aa" + i])).ToList();
            var ids = new List<long>();
            foreach (var e in entries)
            {
                ids.Add(await WriteAsync(app, e));
            }

            await SealAsync(app);
            var admin = await app.SignedInAsync("admin");
            var keys = await Json.GetAsync(app.Anonymous(), "/api/v1/exchange/log/keys");
            var pem = Assert.Single(keys.AsArray())!["publicKeyPem"]!.GetValue<string>();

            foreach (var index in new[] { 0, 5, 10 })
            {
                var proof = await Json.GetAsync(admin, $"/api/v1/exchange/log/{ids[index]}/proof?lang=en");
                var leaf = proof["leafHash"]!.GetValue<string>();
                var rootText = proof["rootText"]!.GetValue<string>();
                var lines = rootText.Split('\n');
                Assert.Equal("owxlog-root1", lines[0]);
                var merkle = lines[5];
                var path = proof["path"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
                Assert.True(InclusionHolds(leaf, proof["leafIndex"]!.GetValue<int>(), proof["treeSize"]!.GetValue<int>(), path, merkle));
                using var ec = ECDsa.Create();
                ec.ImportFromPem(pem);
                Assert.True(ec.VerifyData(Encoding.UTF8.GetBytes(rootText), Convert.FromBase64String(proof["signature"]!.GetValue<string>()), HashAlgorithmName.SHA256,
                    DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
                var at = await LogDbAsync(app, db => db.Entries.Where(e => e.Id == ids[index]).Select(e => e.At).SingleAsync());
                Assert.Equal(DocumentedLeafHash(ids[index], at.UtcTicks, entries[index]), leaf);
                // A path for another leaf does not hold.
                Assert.False(InclusionHolds(leaf, (index + 1) % 11, 11, path, merkle));
            }

            var pending = await WriteAsync(app, Entry("res/proof"));
            Assert.Equal("exchange.log.not_sealed", (await Json.ProblemAsync(await admin.GetAsync($"/api/v1/exchange/log/{pending}/proof"), 409))["code"]!.GetValue<string>());
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Changing_one_field_of_an_entry_breaks_verification_at_that_entry()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            var ids = new List<long>();
            for (var i = 0; i < 5; i++) ids.Add(await WriteAsync(app, Entry("res/tamper")));
            await SealAsync(app);
            Assert.True((await VerifyAsync(app)).Ok);

            await SqlAsync(app, $"UPDATE exchange_log_entries SET purpose = '另作他用' WHERE id = {ids[2]}");

            var result = await VerifyAsync(app);
            Assert.False(result.Ok);
            Assert.Equal(("entry_altered", ids[2], 1L), (result.Reason, result.FirstBadEntry, result.FirstBadRoot));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Changing_a_subject_or_deleting_an_entry_breaks_verification()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            var ids = new List<long>();
            for (var i = 0; i < 6; i++) ids.Add(await WriteAsync(app, Entry("res/tamper", subjects: ["subject" + i])));
            await SealAsync(app);

            await SqlAsync(app, $"UPDATE exchange_log_subjects SET subject_index = 'someoneelse' WHERE entry_id = {ids[1]}");
            Assert.Equal(("entry_altered", ids[1]), ((await VerifyAsync(app)).Reason, (await VerifyAsync(app)).FirstBadEntry));
            await SqlAsync(app, $"UPDATE exchange_log_subjects SET subject_index = 'subject1' WHERE entry_id = {ids[1]}");
            Assert.True((await VerifyAsync(app)).Ok);

            await SqlAsync(app, $"DELETE FROM exchange_log_entries WHERE id = {ids[4]}");
            var result = await VerifyAsync(app);
            Assert.Equal((false, "entry_missing", (long?)1), (result.Ok, result.Reason, result.FirstBadRoot));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Deleting_the_newest_root_with_its_entries_is_told_by_the_audit_trail()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            await WriteAsync(app, Entry("res/old"));
            await SealAsync(app);
            await WriteAsync(app, Entry("res/new"));
            await WriteAsync(app, Entry("res/new"));
            var newest = Assert.Single(await SealAsync(app));

            await SqlAsync(app, $"DELETE FROM exchange_log_entries WHERE root_id = {newest.Id}");
            await SqlAsync(app, $"DELETE FROM exchange_log_roots WHERE id = {newest.Id}");

            var result = await VerifyAsync(app);
            Assert.Equal((false, "root_missing", (long?)newest.Id), (result.Ok, result.Reason, result.FirstBadRoot));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Resealing_with_the_database_alone_is_impossible()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            var id = await WriteAsync(app, Entry("res/reseal"));
            await WriteAsync(app, Entry("res/reseal"));
            var root = Assert.Single(await SealAsync(app));

            // Someone with the database rewrites an entry and recomputes its leaf hash, the tree and the root hash ...
            await SqlAsync(app, $"UPDATE exchange_log_entries SET purpose = '伪造用途' WHERE id = {id}");
            var rows = await LogDbAsync(app, db => db.Entries.AsNoTracking().Where(e => e.RootId == root.Id).OrderBy(e => e.Id).ToListAsync());
            var subjects = await LogDbAsync(app, db => db.Subjects.AsNoTracking().ToListAsync());
            foreach (var row in rows)
            {
                row.LeafHash = LogCanonical.LeafHash(row, subjects.Where(s => s.EntryId == row.Id).Select(s => s.SubjectIndex).ToList());
                await SqlAsync(app, $"UPDATE exchange_log_entries SET leaf_hash = '{row.LeafHash}' WHERE id = {row.Id}");
            }

            root.MerkleRoot = MerkleTree.Root(rows.Select(r => r.LeafHash).ToList());
            root.RootHash = LogCanonical.Sha256Hex(LogCanonical.Root(root));
            await SqlAsync(app, $"UPDATE exchange_log_roots SET merkle_root = '{root.MerkleRoot}', root_hash = '{root.RootHash}' WHERE id = {root.Id}");

            // ... but cannot sign: the signature no longer matches, and the stored private key opens only under the
            // key encryption key configured outside the database.
            Assert.Equal("root_signature", (await VerifyAsync(app)).Reason);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ExchangeLogDbContext>();
            var stranger = new LogKeys(new AtRestCipher(RandomNumberGenerator.GetBytes(32)));
            await Assert.ThrowsAnyAsync<CryptographicException>(() => stranger.SignerAsync(db, DateTimeOffset.UtcNow, default));
            var stored = await db.Keys.AsNoTracking().SingleAsync();
            Assert.Throws<CryptographicException>(() => ECDsa.Create().ImportPkcs8PrivateKey(stored.PrivateKeyCipher, out _));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Reads_by_subject_page_newest_first_and_leave_out_refused_calls()
    {
        var app = await OwnAppAsync(kind);
        try
        {
            var subject = "subj" + Guid.NewGuid().ToString("N")[..10];
            var other = "subj" + Guid.NewGuid().ToString("N")[..10];
            var ok = new List<long>();
            for (var i = 0; i < 5; i++) ok.Add(await WriteAsync(app, Entry("res/citizen", subjects: i == 2 ? [subject, other] : [subject])));
            await WriteAsync(app, Entry("res/citizen", subjects: [subject], outcome: "exchange.grant_revoked"));
            await WriteAsync(app, Entry("res/citizen", subjects: ["nobody"]));

            await using var scope = app.Services.CreateAsyncScope();
            var reader = scope.ServiceProvider.GetRequiredService<IExchangeLogReader>();
            var pages = new List<IReadOnlyList<LoggedCall>>();
            long? before = null;
            while (true)
            {
                var page = await reader.ForSubjectsAsync([subject, other], before, 2, default);
                if (page.Count == 0) break;
                pages.Add(page);
                before = page[^1].Id;
            }

            Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
            Assert.Equal(ok.OrderDescending(), pages.SelectMany(p => p).Select(c => c.Id));
            var found = await reader.FindAsync(ok[2], default);
            Assert.Equal(new[] { subject, other }.Order(StringComparer.Ordinal), found!.Entry.SubjectIndexes);
            Assert.Equal(["name", "birth_date"], found.Entry.Items);
            Assert.Null(await reader.FindAsync(987654321, default));
        }
        finally
        {
            await DisposeAsync(app);
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class ExchangeLogTestsOnSqlite() : ExchangeLogTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ExchangeLogTestsOnPostgres() : ExchangeLogTests(DbKind.Postgres);
