using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Audit;

namespace OneWindow.Exchange.Log;

/// <summary>The outcome of a verification: ok, or the first broken root / entry and why (<see cref="Reason"/> is a
/// stable code: entry_altered, entry_missing, entry_unknown_root, root_altered, root_signature, root_unknown_key,
/// root_chain, root_missing).</summary>
public sealed record LogVerification(bool Ok, long Roots, long Entries, long Unsealed, long? FirstBadRoot, long? FirstBadEntry, string? Reason);

/// <summary>
/// Recomputes the whole log: every entry's leaf hash from its fields and subjects, every root's hash tree, root hash,
/// signature (with the published key it names) and link to the previous root; then that every root the audit trail
/// recorded as sealed (<see cref="LogSealer.AuditAction"/>) is still there with the same hash, so removing the newest
/// roots together with their entries shows too. Reads one root's entries at a time.
/// </summary>
public sealed class LogVerifier(ExchangeLogDbContext db)
{
    public async Task<LogVerification> VerifyAsync(CancellationToken ct)
    {
        var keys = await db.Keys.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.PublicKey, ct);
        var roots = await db.Roots.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
        long entries = 0;
        var previousHash = "";
        long expectedId = 1;
        foreach (var root in roots)
        {
            LogVerification Bad(string reason, long? entry = null) => new(false, root.Id - 1, entries, 0, root.Id, entry, reason);

            if (root.Id != expectedId || root.PreviousHash != previousHash)
            {
                return Bad(root.Id != expectedId ? "root_missing" : "root_chain");
            }

            var text = LogCanonical.Root(root);
            if (LogCanonical.Sha256Hex(text) != root.RootHash)
            {
                return Bad("root_altered");
            }

            if (!keys.TryGetValue(root.KeyId, out var publicKey))
            {
                return Bad("root_unknown_key");
            }

            if (!LogKeys.Verify(publicKey, text, root.Signature))
            {
                return Bad("root_signature");
            }

            var rows = await db.Entries.AsNoTracking().Where(e => e.RootId == root.Id).OrderBy(e => e.Id).ToListAsync(ct);
            var subjects = (await db.Subjects.AsNoTracking()
                    .Where(s => db.Entries.Any(e => e.Id == s.EntryId && e.RootId == root.Id))
                    .Select(s => new { s.EntryId, s.SubjectIndex }).ToListAsync(ct))
                .ToLookup(s => s.EntryId, s => s.SubjectIndex);
            var leaves = new List<string>(rows.Count);
            foreach (var row in rows)
            {
                var leaf = LogCanonical.LeafHash(row, LogCanonical.Subjects(subjects[row.Id]));
                if (leaf != row.LeafHash)
                {
                    return Bad("entry_altered", row.Id);
                }

                leaves.Add(leaf);
            }

            if (rows.Count != root.EntryCount || rows.Count == 0 || rows[0].Id != root.FirstEntryId || rows[^1].Id != root.LastEntryId)
            {
                return Bad("entry_missing");
            }

            if (MerkleTree.Root(leaves) != root.MerkleRoot)
            {
                // Leaves all match their entries, yet the tree does not: an entry was moved in or out of this root.
                return Bad("entry_missing");
            }

            entries += rows.Count;
            previousHash = root.RootHash;
            expectedId++;
        }

        var lastRoot = expectedId - 1;
        // A root sealed while this check ran (after the loop read the roots) is not a stray: its row exists now. An
        // entry pointing at a root that does not exist is.
        var stray = await db.Entries.AsNoTracking()
            .Where(e => e.RootId < 1 || (e.RootId > lastRoot && !db.Roots.Any(r => r.Id == e.RootId)))
            .OrderBy(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        if (stray != null)
        {
            return new(false, lastRoot, entries, 0, null, stray, "entry_unknown_root");
        }

        // The audit trail (itself hash-chained by the audit module) names every root ever sealed, with its hash.
        var byId = roots.ToDictionary(r => r.Id);
        foreach (var (targetId, dataJson) in await AuditLog.ReadActionAsync(db, LogSealer.AuditAction, ct))
        {
            var id = long.Parse(targetId, CultureInfo.InvariantCulture);
            var hash = dataJson == null ? null : JsonDocument.Parse(dataJson).RootElement.GetProperty("rootHash").GetString();
            if (!byId.TryGetValue(id, out var root))
            {
                return new(false, lastRoot, entries, 0, id, null, "root_missing");
            }

            if (root.RootHash != hash)
            {
                return new(false, lastRoot, entries, 0, id, null, "root_altered");
            }
        }

        var unsealed = await db.Entries.LongCountAsync(e => e.RootId == null, ct);
        return new(true, lastRoot, entries, unsealed, null, null, null);
    }
}
