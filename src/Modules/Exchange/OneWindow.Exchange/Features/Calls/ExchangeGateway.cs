using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Features.Grants;
using OneWindow.Exchange.Log;
using OneWindow.Shared;
using OneWindow.Shared.Cases;
using OneWindow.Shared.Http;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Calls;

/// <summary>
/// The exchange itself (共享交换): a consumer department's system calls with its client-credentials token and a grant,
/// and gets only the granted items of the granted rows, personal items masked unless granted in clear. Every call —
/// answered or refused — is written to the exchange log before the answer leaves; if the log cannot be written, no
/// data is returned.
/// The row source of the resource's holding, and the case and applicant directories of open_cases grants, are resolved
/// when a call needs them: each brings a DbContext of another module that most calls never use.
/// </summary>
internal sealed partial class ExchangeGateway(
    ExchangeDbContext db,
    IDataResourceCatalog catalog,
    IServiceProvider services,
    IExchangeCallLog log,
    TimeProvider clock)
{
    public const int MaxPageSize = 100;
    public const int MaxSubjects = 50;
    public const int MaxFilters = 10;
    public static readonly IReadOnlyList<string> FilterOps = ["eq", "prefix", "ge", "le"];

    public async Task<Outcome<ExchangeAnswer>> QueryAsync(PlatformPrincipal caller, string code, ExchangeQuery query, string requestId, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var resource = await catalog.PublishedAsync(DataResourceCodes.FromUrl(code), ct);
        var call = new CallContext(caller, resource, query, requestId, started);
        if (!caller.IsClient || caller.DepartmentId == null)
        {
            return await RefuseAsync(call, ExchangeText.Fail(FailureKind.Forbidden, "exchange.clients_only"), ct);
        }

        if (resource == null)
        {
            return await RefuseAsync(call, ExchangeText.Fail(FailureKind.NotFound, "exchange.resource_not_found"), ct);
        }

        var checkedQuery = Check(query, resource);
        if (!checkedQuery.Succeeded)
        {
            return await RefuseAsync(call, checkedQuery.Failure!, ct);
        }

        var grant = query.GrantId is { } grantId ? await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, ct) : null;
        call.Grant = grant;
        var admitted = await AdmitAsync(caller, resource, grant, query, checkedQuery.Value!, ct);
        if (admitted != null)
        {
            return await RefuseAsync(call, admitted, ct);
        }

        var source = services.GetKeyedService<IRowSource>(resource.Holding);
        if (source == null)
        {
            return await RefuseAsync(call, ExchangeText.Fail(FailureKind.Unavailable, "exchange.holding_unavailable"), ct);
        }

        var (subjects, filters, items, after, pageSize) = checkedQuery.Value!;
        if (!source.Searchable && (subjects.Count == 0 || filters.Count > 0))
        {
            return await RefuseAsync(call, ExchangeText.Invalid("subjects", "exchange.subjects_needed"), ct);
        }

        if (!source.Searchable && after != null)
        {
            // Registry and licence answers are complete for the named subjects: there is no next page to ask for.
            return await RefuseAsync(call, ExchangeText.Invalid("after", "exchange.cursor_invalid"), ct);
        }

        var shown = items.Count > 0 ? items : grant!.ItemSet.OrderBy(i => resource.Items.ToList().FindIndex(x => x.Key == i)).ToList();
        var notGranted = shown.Where(i => !grant!.ItemSet.Contains(i)).ToList();
        if (notGranted.Count > 0)
        {
            return await RefuseAsync(call, ExchangeText.Invalid("items", "exchange.items_not_granted", string.Join(", ", notGranted.Take(5))), ct);
        }

        var grantedFilterItems = filters.Where(f => !grant!.ItemSet.Contains(f.Item)).Select(f => f.Item).ToList();
        if (grantedFilterItems.Count > 0)
        {
            return await RefuseAsync(call, ExchangeText.Invalid("filters", "exchange.items_not_granted", string.Join(", ", grantedFilterItems.Take(5))), ct);
        }

        var region = grant!.RowScope == RowScopes.Region ? grant.RowRegion : null;
        SourcePage page;
        try
        {
            page = await source.ReadAsync(new RowQuery(resource, subjects, filters, region, after, pageSize), ct);
        }
        catch (SourceFailedException failed)
        {
            return await RefuseAsync(call, failed.Failure, ct);
        }

        var masked = shown.Where(i => resource.Item(i) is { IsPersonal: true } && !grant.ClearItemSet.Contains(i)).ToList();
        var rows = page.Rows.Select(r => Project(r, shown, resource, masked)).ToList();
        var entry = call.Entry(ExchangeLogEntry.Ok, clock.GetUtcNow(), page.Rows.Select(r => r.SubjectIndex).OfType<string>().Distinct().ToList(), shown, rows.Count);
        if (await TryLogAsync(entry, ct) is not { } logId)
        {
            return ExchangeText.Fail(FailureKind.Unavailable, "exchange.log_unavailable");
        }

        return new ExchangeAnswer(resource.Code, resource.Version, grant.Id, logId, shown, masked, rows, page.NextCursor);
    }

    private static Dictionary<string, string?> Project(SourceRow row, IReadOnlyList<string> shown, SharedResource resource, IReadOnlyList<string> masked)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in shown)
        {
            row.Values.TryGetValue(key, out var value);
            result[key] = masked.Contains(key) ? Masking.Apply(resource.Item(key)!.Mask, value) : value;
        }

        return result;
    }

    /// <summary>Whether the grant admits this caller, now, for these rows. Null when admitted, else the refusal.</summary>
    private async Task<Failure?> AdmitAsync(PlatformPrincipal caller, SharedResource resource, DataGrant? grant, ExchangeQuery query, CheckedQuery checkedQuery, CancellationToken ct)
    {
        // Another department's grant is not acknowledged at all.
        if (grant == null || grant.ConsumerDepartmentId != caller.DepartmentId || grant.ResourceCode != resource.Code)
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.grant_not_found");
        }

        var clientId = caller.Subject.StartsWith("client:", StringComparison.Ordinal) ? caller.Subject["client:".Length..] : "";
        if (!grant.ClientIdSet.Contains(clientId))
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.client_not_granted");
        }

        var today = ChinaTime.Today(clock);
        if (!grant.IsInForce(today))
        {
            var why = grant.Status == GrantStatus.Approved
                ? ExchangeText.T(today < grant.ValidFrom ? "exchange.grant_not_yet" : "exchange.grant_expired")
                : GrantDesk.StatusText(grant.Status);
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.grant_not_in_force", why);
        }

        if (grant.RowScope != RowScopes.OpenCases)
        {
            return null;
        }

        // 仅限本部门在办件的当事人: the call cites an open case of the consumer department and asks about its applicant only.
        var number = query.CaseNumber?.Trim();
        if (string.IsNullOrEmpty(number))
        {
            return ExchangeText.Invalid("caseNumber", "exchange.case_required");
        }

        var reference = await services.GetRequiredService<ICaseReferences>().FindAsync(number, ct);
        if (reference == null || reference.DepartmentId != caller.DepartmentId || !reference.IsOpen)
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.case_not_open");
        }

        var applicant = await services.GetRequiredService<IApplicantDirectory>().ProfileAsync(reference.ApplicantSubject, ct);
        if (applicant == null || checkedQuery.Subjects.Count == 0
            || checkedQuery.Subjects.Any(s => !string.Equals(s, applicant.Code, StringComparison.OrdinalIgnoreCase)))
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.subject_not_in_case");
        }

        return null;
    }

    private static Outcome<CheckedQuery> Check(ExchangeQuery query, SharedResource resource)
    {
        var errors = new ValidationErrors();
        if (query.GrantId is not > 0)
        {
            errors.Add("grantId", ExchangeText.T("exchange.required"));
        }

        if (query.Purpose is { Length: > 200 })
        {
            errors.Add("purpose", ExchangeText.T("exchange.too_long", 200));
        }

        if (query.CaseNumber is { Length: > 40 })
        {
            errors.Add("caseNumber", ExchangeText.T("exchange.too_long", 40));
        }

        var pageSize = query.PageSize ?? 20;
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", ExchangeText.T("exchange.page_size", MaxPageSize));
        }

        var subjects = (query.Subjects ?? []).Select(s => s?.Trim() ?? "").ToList();
        if (subjects.Count > MaxSubjects || subjects.Any(s => s.Length is 0 or > 40 || !SubjectPattern().IsMatch(s)))
        {
            errors.Add("subjects", ExchangeText.T("exchange.subjects_invalid", MaxSubjects));
        }

        var filters = new List<RowFilter>();
        if (query.Filters is { Count: > MaxFilters })
        {
            errors.Add("filters", ExchangeText.T("exchange.filters_too_many", MaxFilters));
        }
        else
        {
            foreach (var (filter, i) in (query.Filters ?? []).Select((f, i) => (f, i)))
            {
                if (filter?.Item is not { } item || resource.Item(item) == null)
                {
                    errors.Add($"filters[{i}].item", ExchangeText.T("exchange.filter_item_unknown"));
                }
                else if (filter.Op is not { } op || !FilterOps.Contains(op))
                {
                    errors.Add($"filters[{i}].op", ExchangeText.T("exchange.filter_op", string.Join(", ", FilterOps)));
                }
                else if (filter.Value is not { Length: > 0 and <= 200 } value)
                {
                    errors.Add($"filters[{i}].value", ExchangeText.T("exchange.filter_value"));
                }
                else
                {
                    filters.Add(new RowFilter(item, op, value));
                }
            }
        }

        var items = (query.Items ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unknown = items.Where(i => resource.Item(i) == null).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("items", ExchangeText.T("exchange.items_unknown", string.Join(", ", unknown.Take(5))));
        }

        var after = string.IsNullOrEmpty(query.After) ? null : query.After;
        if (after is { Length: > 200 })
        {
            errors.Add("after", ExchangeText.T("exchange.cursor_invalid"));
        }

        return errors.IsValid ? new CheckedQuery(subjects, filters, items, after, pageSize) : ExchangeText.Invalid(errors);
    }

    private async Task<Outcome<ExchangeAnswer>> RefuseAsync(CallContext call, Failure failure, CancellationToken ct) =>
        await TryLogAsync(call.Entry(failure.Code, clock.GetUtcNow(), [], [], 0), ct) == null
            ? ExchangeText.Fail(FailureKind.Unavailable, "exchange.log_unavailable")
            : failure;

    /// <summary>The entry's id once it is durable; null when the log cannot be written (then nothing is answered but 503).</summary>
    private async Task<long?> TryLogAsync(ExchangeLogEntry entry, CancellationToken ct)
    {
        try
        {
            return await log.WriteAsync(entry, ct);
        }
        catch (ExchangeLogUnavailableException)
        {
            return null;
        }
    }

    private sealed record CheckedQuery(IReadOnlyList<string> Subjects, IReadOnlyList<RowFilter> Filters, IReadOnlyList<string> Items, string? After, int PageSize);

    /// <summary>What the log needs to know of a call, whatever its outcome.</summary>
    private sealed class CallContext(PlatformPrincipal caller, SharedResource? resource, ExchangeQuery query, string requestId, long started)
    {
        public DataGrant? Grant { get; set; }

        public ExchangeLogEntry Entry(string outcome, DateTimeOffset at, IReadOnlyList<string> subjects, IReadOnlyList<string> items, int rows) => new(
            at,
            caller.Subject,
            caller.DepartmentId ?? 0,
            resource?.ProviderDepartmentId ?? 0,
            resource?.Code ?? "-",
            Grant?.Id,
            Trim(query.Purpose, 200) ?? Grant?.Purpose,
            Trim(query.CaseNumber, 40),
            Grant?.LegalBasis,
            subjects,
            items,
            rows,
            outcome,
            (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            requestId);

        private static string? Trim(string? value, int max) => string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : value.Trim();
    }

    [GeneratedRegex("^[0-9A-Za-z-]+$")]
    private static partial Regex SubjectPattern();
}

/// <summary>A source (a provider's system behind a proxy) failed: the call is refused with this failure and logged.</summary>
internal sealed class SourceFailedException(Failure failure) : Exception(failure.Detail)
{
    public Failure Failure { get; } = failure;
}
