using OneWindow.Shared.Results;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Figures;

/// <summary>The figures of one item, or of all items (ItemId 0).</summary>
public sealed record FigureRow(long ItemId, string ItemName, string DepartmentName, int Cases, int MaterialsAsked, int ProvidedByData, int Commitments,
    int ZeroVisits, int OneVisit, int MoreVisits, int Decided, int DecidedOnline)
{
    public static double Share(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);

    public double ZeroVisitShare => Share(ZeroVisits, Cases);

    /// <summary>最多跑一次 includes 零跑动.</summary>
    public double AtMostOneVisitShare => Share(ZeroVisits + OneVisit, Cases);

    public double ProvidedByDataShare => Share(ProvidedByData, MaterialsAsked);

    public double DecidedOnlineShare => Share(DecidedOnline, Decided);
}

public sealed record FigureReport(DateOnly From, DateOnly To, string Scope, FigureRow Overall, IReadOnlyList<FigureRow> Items);

/// <summary>
/// 改革成效: what the reforms changed, from the cases themselves (submitted in a date range, China dates). Per case:
/// materials asked for = required materials of its frozen list; provided by data = those proven by an e-licence or a
/// registry record (cases_proofs); commitments = those replaced by a written commitment (告知承诺). Visits (跑动次数):
/// +1 when a required paper material is neither proven nor committed (it must be brought to the hall), +1 when the
/// result is picked up; 0 is 零跑动, at most 1 is 最多跑一次. Decided fully online (全程网办) = decided with 0 visits.
/// Supervisors see their division and below, department admins their department, platform admins everything.
/// </summary>
public sealed class ReformFigures(CasesDbContext db, TimeProvider clock)
{
    public const int MaxDays = 366;

    public async Task<Outcome<FigureReport>> ComputeAsync(CaseActor actor, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var end = to ?? today;
        var start = from ?? end.AddDays(-29);
        if (start > end)
        {
            return CaseFailures.Invalid("from", "cases.start_date_after_end_date");
        }

        if (end.DayNumber - start.DayNumber >= MaxDays)
        {
            return CaseFailures.Invalid("from", "cases.at_most_0_days", MaxDays);
        }

        var cases = db.Cases.AsNoTracking();
        string scope;
        if (!actor.IsStaff)
        {
            return CaseFailures.Forbidden("cases.only_supervisors_department_admins_see");
        }
        else if (actor.Scope.Has(StaffRoles.PlatformAdmin))
        {
            scope = "all";
        }
        else if (actor.Scope.Has(StaffRoles.Supervisor) && actor.Scope.RegionCode is { Length: 6 } region)
        {
            var prefix = RegionCodes.Prefix(region);
            cases = cases.Where(c => c.RegionCode.StartsWith(prefix));
            scope = "region:" + region;
        }
        else if (actor.Scope.Has(StaffRoles.DepartmentAdmin) && actor.DepartmentId is { } department)
        {
            cases = cases.Where(c => c.DepartmentId == department);
            scope = "department:" + department;
        }
        else
        {
            return CaseFailures.Forbidden("cases.only_supervisors_department_admins_see");
        }

        var since = ChinaTime.StartOf(start).ToUniversalTime();
        var until = ChinaTime.StartOf(end.AddDays(1)).ToUniversalTime();
        var inRange = cases.Where(c => c.SubmittedAt >= since && c.SubmittedAt < until);

        // One query for the cases (their frozen materials list is JSON, read here), one grouped query for the proofs.
        var rows = await inRange.Select(c => new { c.Id, c.ServiceItemId, c.ItemName, c.DepartmentName, c.MaterialsJson, c.DeliveryMethod, c.Decision }).ToListAsync(ct);
        var proofs = await (from p in db.Proofs.AsNoTracking()
                            join c in inRange on p.CaseId equals c.Id
                            group p by new { p.CaseId, p.MaterialIndex, p.Kind } into g
                            select g.Key).ToListAsync(ct);
        var byCase = proofs.GroupBy(p => p.CaseId).ToDictionary(g => g.Key, g => g.Select(p => (p.MaterialIndex, p.Kind)).ToList());

        var perCase = rows.Select(c =>
        {
            var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
            var proven = byCase.TryGetValue(c.Id, out var list) ? list : [];
            var required = materials.Select((m, i) => (m, i)).Where(x => x.m.Required).ToList();
            var byData = required.Count(x => proven.Any(p => p.MaterialIndex == x.i && p.Kind is ProofKinds.Licence or ProofKinds.Registry));
            var committed = required.Count(x => proven.Any(p => p.MaterialIndex == x.i && p.Kind == ProofKinds.Commitment));
            var paperToBring = required.Any(x => !x.m.Uploadable && !proven.Any(p => p.MaterialIndex == x.i));
            var visits = (paperToBring ? 1 : 0) + (c.DeliveryMethod == DeliveryMethods.Pickup ? 1 : 0);
            return (c.ServiceItemId, c.ItemName, c.DepartmentName, Asked: required.Count, byData, committed, visits, Decided: c.Decision != null);
        }).ToList();

        FigureRow Sum(long itemId, string name, string department, IReadOnlyCollection<(long, string, string, int Asked, int ByData, int Committed, int Visits, bool Decided)> group) => new(
            itemId, name, department, group.Count, group.Sum(x => x.Asked), group.Sum(x => x.ByData), group.Sum(x => x.Committed),
            group.Count(x => x.Visits == 0), group.Count(x => x.Visits == 1), group.Count(x => x.Visits > 1),
            group.Count(x => x.Decided), group.Count(x => x.Decided && x.Visits == 0));

        var items = perCase.GroupBy(x => x.ServiceItemId)
            .Select(g => Sum(g.Key, g.First().ItemName, g.First().DepartmentName, g.ToList()))
            .OrderByDescending(r => r.Cases).ThenBy(r => r.ItemId).ToList();
        return new FigureReport(start, end, scope, Sum(0, "全部事项", "", perCase), items);
    }
}
