using Microsoft.EntityFrameworkCore;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Halls.Features.Halls;

public sealed record HallView(long Id, string Name, string NameEn, string Address, string RegionCode, string Phone, string Hours, bool Active);

public sealed record FreeSlot(long Id, DateOnly Date, TimeOnly StartsAt, TimeOnly EndsAt, int Capacity, int Free);

public sealed record NewHall(string? Name, string? NameEn, string? Address, string? RegionCode, string? Phone, string? Hours);

/// <summary>Halls and their free seats for the public, halls within a staff member's reach, and new halls.</summary>
public sealed class HallDirectory(HallsDbContext db, IOrganisationDirectory organisation, TimeProvider clock)
{
    /// <summary>The longest range of days one slot query may cover.</summary>
    public const int MaxSlotDays = 31;

    /// <summary>Active halls of a division and below (all when no region is given), by division then name.</summary>
    public async Task<IReadOnlyList<HallView>> ActiveAsync(string? region, CancellationToken ct)
    {
        var query = db.Halls.AsNoTracking().Where(h => h.Active);
        if (!string.IsNullOrEmpty(region))
        {
            var prefix = RegionCodes.Prefix(region);
            query = query.Where(h => h.RegionCode.StartsWith(prefix));
        }

        return await query.OrderBy(h => h.RegionCode).ThenBy(h => h.Name).Select(h => View(h)).ToListAsync(ct);
    }

    public Task<HallView?> FindAsync(long id, CancellationToken ct) =>
        db.Halls.AsNoTracking().Where(h => h.Id == id).Select(h => View(h)).FirstOrDefaultAsync(ct);

    /// <summary>The halls a staff member manages or serves (see <see cref="HallAccess"/>).</summary>
    public async Task<IReadOnlyList<HallView>> WithinReachAsync(PlatformPrincipal staff, CancellationToken ct)
    {
        var halls = await db.Halls.AsNoTracking().OrderBy(h => h.RegionCode).ThenBy(h => h.Name).Select(h => View(h)).ToListAsync(ct);
        return halls.Where(h => HallAccess.MayServe(staff, h.RegionCode)).ToList();
    }

    /// <summary>Slots of an active hall in [from, to] that have not started and have a free seat, in time order.</summary>
    public async Task<Outcome<IReadOnlyList<FreeSlot>>> FreeSlotsAsync(long hallId, string? from, string? to, CancellationToken ct)
    {
        var (today, now) = HallClock.Now(clock);
        var errors = new ValidationErrors();
        var first = today;
        if (from != null && !HallClock.TryParseDate(from, out first))
        {
            errors.Add("from", HallsText.T("halls.date_format"));
        }

        var last = first.AddDays(13);
        if (to != null && !HallClock.TryParseDate(to, out last))
        {
            errors.Add("to", HallsText.T("halls.date_format"));
        }

        if (errors.IsValid && (last < first || last.DayNumber - first.DayNumber >= MaxSlotDays))
        {
            errors.Add("to", HallsText.T("halls.slot_range", MaxSlotDays));
        }

        if (!errors.IsValid)
        {
            return HallsText.Invalid(errors);
        }

        if (!await db.Halls.AnyAsync(h => h.Id == hallId && h.Active, ct))
        {
            return HallsText.Fail(FailureKind.NotFound, "halls.hall_not_found");
        }

        if (first < today)
        {
            first = today;
        }

        var slots = await db.Slots.AsNoTracking()
            .Where(s => s.HallId == hallId && s.Date >= first && s.Date <= last && s.Booked < s.Capacity && (s.Date > today || s.StartsAt > now))
            .OrderBy(s => s.Date).ThenBy(s => s.StartsAt)
            .Select(s => new FreeSlot(s.Id, s.Date, s.StartsAt, s.EndsAt, s.Capacity, s.Capacity - s.Booked))
            .ToListAsync(ct);
        return slots;
    }

    public async Task<Outcome<HallView>> CreateAsync(NewHall request, PlatformPrincipal staff, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Require(errors, "name", request.Name, 100);
        Require(errors, "address", request.Address, 200);
        Optional(errors, "nameEn", request.NameEn, 200);
        Optional(errors, "phone", request.Phone, 40);
        Optional(errors, "hours", request.Hours, 200);
        var region = request.RegionCode?.Trim() ?? "";
        if (region.Length != 6 || !region.All(char.IsAsciiDigit) || !await organisation.IsCurrentRegionAsync(region, ct))
        {
            errors.Add("regionCode", HallsText.T("halls.region_required"));
        }

        if (!errors.IsValid)
        {
            return HallsText.Invalid(errors);
        }

        if (!HallAccess.MayManage(staff, region))
        {
            return HallsText.Fail(FailureKind.Forbidden, "halls.create_forbidden");
        }

        var name = request.Name!.Trim();
        if (await db.Halls.AnyAsync(h => h.RegionCode == region && h.Name == name, ct))
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.hall_exists");
        }

        var hall = new Hall
        {
            Name = name, NameEn = request.NameEn?.Trim() ?? "", Address = request.Address!.Trim(), RegionCode = region,
            Phone = request.Phone?.Trim() ?? "", Hours = request.Hours?.Trim() ?? "",
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Halls.Add(hall);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(staff.Subject, staff.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "halls.hall.created", "hall", hall.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Hall created in division {region}"), clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return View(hall);
    }

    private static void Require(ValidationErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, HallsText.T("halls.required"));
        }
        else
        {
            Optional(errors, field, value, max);
        }
    }

    private static void Optional(ValidationErrors errors, string field, string? value, int max)
    {
        if (value != null && value.Trim().Length > max)
        {
            errors.Add(field, HallsText.T("halls.too_long", max));
        }
    }

    private static HallView View(Hall h) => new(h.Id, h.Name, h.NameEn, h.Address, h.RegionCode, h.Phone, h.Hours, h.Active);
}
