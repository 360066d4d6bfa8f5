using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Shared;
using OneWindow.Shared.Data;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange.Log;

/// <summary>
/// Who reads which department's log (调用日志): its department_admin; data_admin and supervisor whose division reaches
/// the department's (<see cref="StaffScope.Reaches"/>); platform_admin everywhere; a department system (client token
/// with exchange.log.read) its own department. Verification: data_admin and platform_admin.
/// </summary>
public static class LogAccess
{
    public static bool MayRead(PlatformPrincipal? caller, OrgDepartment department) => caller switch
    {
        { IsStaff: true } staff => staff.Scope.Reaches(StaffRoles.DepartmentAdmin, department.Id, department.RegionCode)
            || staff.Scope.Reaches(StaffRoles.DataAdmin, department.Id, department.RegionCode)
            || staff.Scope.Reaches(StaffRoles.Supervisor, department.Id, department.RegionCode),
        { IsClient: true } client => client.DepartmentId == department.Id && client.HasScope(ExchangeScopes.LogRead),
        _ => false,
    };

    /// <summary>Any role that reads some department's log: who sees the staff page and its link.</summary>
    public static bool HasLogRole(PlatformPrincipal? staff) =>
        staff is { IsStaff: true } && staff.Roles.Overlaps([StaffRoles.DepartmentAdmin, StaffRoles.DataAdmin, StaffRoles.Supervisor, StaffRoles.PlatformAdmin]);

    public static bool MayVerify(PlatformPrincipal? staff) =>
        staff is { IsStaff: true } && staff.Roles.Overlaps([StaffRoles.DataAdmin, StaffRoles.PlatformAdmin]);
}

/// <summary>A call as staff see it: never the subjects.</summary>
public sealed record LogLine(long Id, DateTimeOffset At, string Consumer, long ConsumerDepartmentId, string ConsumerDepartment, long ProviderDepartmentId,
    string ProviderDepartment, string Resource, long? GrantId, string? Purpose, string? CaseNumber, string? LegalBasis, IReadOnlyList<string> Items, int Rows,
    string Outcome, int DurationMs, string RequestId, long? RootId);

public sealed record LogPage(OrgDepartment Department, string Side, IReadOnlyList<LogLine> Lines, string? NextCursor);

/// <summary>Calls of one resource with one counterpart department in a period.</summary>
public sealed record LogFigure(string Resource, long CounterpartDepartmentId, string CounterpartDepartment, long Calls, long Failed, double MeanMs, int P95Ms);

public sealed record LogFigures(OrgDepartment Department, string Side, DateOnly From, DateOnly To, IReadOnlyList<LogFigure> Rows);

/// <summary>An inclusion proof: the entry's leaf hash, its place in the root's tree, the audit path and the signed root
/// (its canonical text, which holds the Merkle root, and the signature over that text).</summary>
public sealed record LogProof(long EntryId, string LeafHash, int LeafIndex, int TreeSize, IReadOnlyList<string> Path, long RootId, string MerkleRoot,
    string RootText, string RootHash, string Signature, string KeyId, string Algorithm);

/// <summary>The raw query of the staff list and figures, as the API and the page take it.</summary>
public sealed record LogQuery(string? Side, string? Department, string? Resource, string? After, string? PageSize, string? From = null, string? To = null);

/// <summary>Reads the log: the citizen's reads by subject (<see cref="IExchangeLogReader"/>), the staff list and figures
/// of one department as consumer or provider, inclusion proofs, the published keys.</summary>
public sealed class LogQueries(ExchangeLogDbContext db, IOrganisationDirectory directory, TimeProvider clock) : IExchangeLogReader
{
    public const int MaxPageSize = 100;
    public const int MaxFigureDays = 366;
    public const string Consumer = "consumer";
    public const string Provider = "provider";

    public async Task<IReadOnlyList<LoggedCall>> ForSubjectsAsync(IReadOnlyCollection<string> subjectIndexes, long? beforeId, int pageSize, CancellationToken ct)
    {
        if (subjectIndexes.Count == 0)
        {
            return [];
        }

        var before = beforeId ?? long.MaxValue;
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var ids = await (from s in db.Subjects
                         join e in db.Entries on s.EntryId equals e.Id
                         where subjectIndexes.Contains(s.SubjectIndex) && s.EntryId < before && e.Outcome == ExchangeLogEntry.Ok
                         select s.EntryId).Distinct().OrderByDescending(id => id).Take(size).ToListAsync(ct);
        return await LoadAsync(ids, ct);
    }

    public async Task<LoggedCall?> FindAsync(long id, CancellationToken ct) => (await LoadAsync([id], ct)).FirstOrDefault();

    public async Task<Outcome<LogPage>> ListAsync(LogQuery query, PlatformPrincipal? caller, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var side = ParseSide(query.Side, errors);
        if (query.Resource is { Length: > 40 })
        {
            errors.Add("resource", ExchangeLogText.T("exchange.log.resource_format"));
        }

        if (!Cursor.TryDecodeOptional(query.After, out var after))
        {
            errors.Add("after", ExchangeLogText.T("exchange.log.cursor_invalid"));
        }

        var size = 20;
        if (!string.IsNullOrEmpty(query.PageSize) && (!int.TryParse(query.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            errors.Add("pageSize", ExchangeLogText.T("exchange.log.page_size", MaxPageSize));
        }

        var department = await DepartmentAsync(query.Department, caller, errors, ct);
        if (department.Failure is { } failure)
        {
            return failure;
        }

        var d = department.Value!;
        var entries = db.Entries.AsNoTracking().Where(e => side == Consumer ? e.ConsumerDepartmentId == d.Id : e.ProviderDepartmentId == d.Id);
        if (!string.IsNullOrEmpty(query.Resource))
        {
            entries = entries.Where(e => e.ResourceCode == query.Resource);
        }

        if (after is { } last)
        {
            entries = entries.Where(e => e.Id < last);
        }

        var rows = await entries.OrderByDescending(e => e.Id).Take(size + 1).ToListAsync(ct);
        var names = await NamesAsync(ct);
        var lines = rows.Take(size).Select(r => Line(r, names)).ToList();
        return new LogPage(d, side, lines, rows.Count > size ? Cursor.Encode(lines[^1].Id) : null);
    }

    public async Task<Outcome<LogFigures>> FiguresAsync(LogQuery query, PlatformPrincipal? caller, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var side = ParseSide(query.Side, errors);
        var today = ChinaTime.Today(clock);
        var to = ParseDate(query.To, "to", today, errors);
        var from = ParseDate(query.From, "from", to.AddDays(-29), errors);
        if (errors.IsValid && (from > to || to.DayNumber - from.DayNumber >= MaxFigureDays))
        {
            errors.Add("to", ExchangeLogText.T("exchange.log.range", MaxFigureDays));
        }

        var department = await DepartmentAsync(query.Department, caller, errors, ct);
        if (department.Failure is { } failure)
        {
            return failure;
        }

        var d = department.Value!;
        var start = ChinaTime.StartOf(from);
        var end = ChinaTime.StartOf(to.AddDays(1));
        var mine = side == Consumer ? "consumer_department_id" : "provider_department_id";
        var other = side == Consumer ? "provider_department_id" : "consumer_department_id";
        var figures = new List<(string Resource, long Counterpart, long Calls, long Failed, double Mean, int P95)>();
        if (db.IsPostgres)
        {
            // percentile_disc: the p95 in the database, one row per group.
            var sql = $"SELECT resource_code, {other}, COUNT(*), COUNT(*) FILTER (WHERE outcome <> 'ok'), AVG(duration_ms)::float8, " +
                      $"percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) FROM exchange_log_entries WHERE {mine} = @p0 AND at >= @p1 AND at < @p2 " +
                      $"GROUP BY resource_code, {other} ORDER BY resource_code, {other}";
            await using var command = await RawSql.CommandAsync(db, sql, [d.Id, RawSql.Time(db, start), RawSql.Time(db, end)], ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                figures.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt32(5)));
            }
        }
        else
        {
            // SQLite has no percentile: the durations of the period, grouped here (SQLite serves small installations).
            var sql = $"SELECT resource_code, {other}, duration_ms, outcome FROM exchange_log_entries WHERE {mine} = @p0 AND at >= @p1 AND at < @p2";
            var calls = new List<(string Resource, long Counterpart, int Duration, bool Ok)>();
            await using (var command = await RawSql.CommandAsync(db, sql, [d.Id, RawSql.Time(db, start), RawSql.Time(db, end)], ct))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    calls.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3) == ExchangeLogEntry.Ok));
                }
            }

            figures.AddRange(calls.GroupBy(c => (c.Resource, c.Counterpart)).OrderBy(g => g.Key.Resource, StringComparer.Ordinal).ThenBy(g => g.Key.Counterpart).Select(g =>
            {
                var sorted = g.Select(c => c.Duration).Order().ToList();
                return (g.Key.Resource, g.Key.Counterpart, (long)sorted.Count, (long)g.Count(c => !c.Ok), sorted.Average(), sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1]);
            }));
        }

        var names = await NamesAsync(ct);
        return new LogFigures(d, side, from, to, figures.Select(f => new LogFigure(f.Resource, f.Counterpart, names.GetValueOrDefault(f.Counterpart, "#" + f.Counterpart),
            f.Calls, f.Failed, Math.Round(f.Mean, 1), f.P95)).ToList());
    }

    /// <summary>The inclusion proof of an entry the caller may see (as either side's reader).</summary>
    public async Task<Outcome<LogProof>> ProofAsync(long id, PlatformPrincipal? caller, CancellationToken ct)
    {
        var entry = await db.Entries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (entry == null || !await MaySeeAsync(entry, caller, ct))
        {
            return ExchangeLogText.Fail(FailureKind.NotFound, "exchange.log.entry_not_found");
        }

        if (entry.RootId is not { } rootId || await db.Roots.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rootId, ct) is not { } root)
        {
            return ExchangeLogText.Fail(FailureKind.Conflict, "exchange.log.not_sealed");
        }

        var leaves = await db.Entries.AsNoTracking().Where(e => e.RootId == rootId).OrderBy(e => e.Id).Select(e => new { e.Id, e.LeafHash }).ToListAsync(ct);
        var index = leaves.FindIndex(l => l.Id == id);
        var hashes = leaves.Select(l => l.LeafHash).ToList();
        var key = await db.Keys.AsNoTracking().Where(k => k.Id == root.KeyId).Select(k => k.Algorithm).FirstOrDefaultAsync(ct) ?? LogKeys.Algorithm;
        return new LogProof(id, entry.LeafHash, index, leaves.Count, MerkleTree.Path(hashes, index), root.Id, root.MerkleRoot, LogCanonical.Root(root),
            root.RootHash, root.Signature, root.KeyId, key);
    }

    public async Task<IReadOnlyList<LogKeyRow>> KeysAsync(CancellationToken ct) => await db.Keys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct);

    private async Task<bool> MaySeeAsync(LogEntryRow entry, PlatformPrincipal? caller, CancellationToken ct)
    {
        foreach (var id in new[] { entry.ConsumerDepartmentId, entry.ProviderDepartmentId })
        {
            if (await directory.DepartmentAsync(id, ct) is { } department && LogAccess.MayRead(caller, department))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<Outcome<OrgDepartment>> DepartmentAsync(string? raw, PlatformPrincipal? caller, ValidationErrors errors, CancellationToken ct)
    {
        long? id = caller?.DepartmentId;
        if (!string.IsNullOrEmpty(raw))
        {
            if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                id = parsed;
            }
            else
            {
                errors.Add("department", ExchangeLogText.T("exchange.log.department_format"));
                return ExchangeLogText.Invalid(errors);
            }
        }

        if (id == null || await directory.DepartmentAsync(id.Value, ct) is not { } department)
        {
            return ExchangeLogText.Fail(FailureKind.NotFound, "exchange.log.department_not_found");
        }

        // Refusal first (it tells nothing about the query), then every field error of the query at once.
        return !LogAccess.MayRead(caller, department) ? ExchangeLogText.Fail(FailureKind.Forbidden, "exchange.log.forbidden")
            : errors.IsValid ? department : ExchangeLogText.Invalid(errors);
    }

    private static string ParseSide(string? raw, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw) || raw == Consumer)
        {
            return Consumer;
        }

        if (raw == Provider)
        {
            return Provider;
        }

        errors.Add("as", ExchangeLogText.T("exchange.log.side"));
        return Consumer;
    }

    private static DateOnly ParseDate(string? raw, string field, DateOnly fallback, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, ExchangeLogText.T("exchange.log.date_format"));
        return fallback;
    }

    private async Task<Dictionary<long, string>> NamesAsync(CancellationToken ct) =>
        (await directory.DepartmentsAsync(ct)).ToDictionary(d => d.Id, d => OneWindow.Shared.Web.Lang.L(d.Name, d.NameEn));

    private static LogLine Line(LogEntryRow r, IReadOnlyDictionary<long, string> names) => new(
        r.Id, r.At, r.Consumer, r.ConsumerDepartmentId, names.GetValueOrDefault(r.ConsumerDepartmentId, "#" + r.ConsumerDepartmentId), r.ProviderDepartmentId,
        names.GetValueOrDefault(r.ProviderDepartmentId, "#" + r.ProviderDepartmentId), r.ResourceCode, r.GrantId, r.Purpose, r.CaseNumber, r.LegalBasis,
        r.Items.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.Rows, r.Outcome, r.DurationMs, r.RequestId, r.RootId);

    private async Task<IReadOnlyList<LoggedCall>> LoadAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderByDescending(e => e.Id).ToListAsync(ct);
        var subjects = (await db.Subjects.AsNoTracking().Where(s => ids.Contains(s.EntryId)).ToListAsync(ct)).ToLookup(s => s.EntryId, s => s.SubjectIndex);
        return rows.Select(r => new LoggedCall(r.Id, LogCanonical.ToEntry(r, LogCanonical.Subjects(subjects[r.Id])))).ToList();
    }
}
