using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Halls.Features;
using OneWindow.Halls.Features.Appointments;
using OneWindow.Halls.Features.Desk;
using OneWindow.Halls.Features.Halls;
using OneWindow.Halls.Features.Slots;
using OneWindow.Shared.Security;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Halls.Pages.Admin.Halls;

/// <summary>服务大厅管理: the halls a staff member reaches, a day's bookings with attended / no-show buttons (window
/// officers of the hall's division, supervisors above it, platform admins), and the slot generation form (managers).</summary>
public sealed class IndexModel(HallDirectory directory, HallDesk desk, SlotGenerator generator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Hall { get; set; }

    [BindProperty(SupportsGet = true)] public string? Date { get; set; }

    [BindProperty] public string? From { get; set; }

    [BindProperty] public string? To { get; set; }

    [BindProperty] public string? Periods { get; set; } = "09:00-12:00, 13:30-17:00";

    [BindProperty] public string? SlotMinutes { get; set; } = "30";

    [BindProperty] public string? Capacity { get; set; } = "3";

    public IReadOnlyList<HallView> Halls { get; private set; } = [];

    public HallView? Chosen { get; private set; }

    public bool MayManage { get; private set; }

    public IReadOnlyList<AppointmentView> Bookings { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    private PlatformPrincipal Staff => PlatformPrincipal.From(User)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Chosen == null)
        {
            return Forbid();
        }

        var periods = new List<SlotPeriod>();
        foreach (var part in (Periods ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split(['-', '–', '~'], StringSplitOptions.TrimEntries);
            periods.Add(ends.Length == 2 ? new SlotPeriod(ends[0], ends[1]) : new SlotPeriod(part, null));
        }

        var result = await generator.GenerateAsync(Chosen.Id, new GenerateSlots(From, To, periods,
            int.TryParse(SlotMinutes, out var minutes) ? minutes : null, int.TryParse(Capacity, out var seats) ? seats : null), Staff, ct);
        if (result.Failure is not { } failure)
        {
            TempData["Message"] = Lang.L($"已生成 {result.Value!.Created} 个时段（{result.Value.WorkingDays} 个工作日，已有的 {result.Value.Kept} 个保留不变）。",
                $"{result.Value!.Created} slots made on {result.Value.WorkingDays} working days; {result.Value.Kept} existing ones kept.");
            return Redirect($"/admin/halls?hall={Chosen.Id}");
        }

        foreach (var (field, messages) in failure.Errors ?? new Dictionary<string, string[]>())
        {
            var id = field.StartsWith("periods", StringComparison.Ordinal) ? "periods" : field;
            if (Errors.For(id) == null)
            {
                Errors.Add(id, "", messages[0]);
            }
        }

        Problem = failure.Errors is { Count: > 0 } ? null : failure.Detail;
        Response.StatusCode = failure.Status;
        return Page();
    }

    public async Task<IActionResult> OnPostMarkAsync(string code, string status, CancellationToken ct)
    {
        var result = await desk.MarkAsync(code ?? "", status, Staff, ct);
        if (result.Failure is { } failure)
        {
            TempData["Problem"] = failure.ErrorFor("status") ?? failure.Detail;
        }
        else
        {
            TempData["Message"] = Lang.L($"预约 {code} 已登记为{BookingTitle(status).Zh}。", $"Booking {code} marked {BookingTitle(status).En}.");
        }

        return Redirect($"/admin/halls?hall={Hall}&date={Uri.EscapeDataString(Date ?? "")}");
    }

    public static (string Zh, string En) BookingTitle(string status) => OneWindow.Halls.Domain.BookingStatus.Title(status);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!HallAccess.HasHallRole(Staff))
        {
            return false;
        }

        Halls = await directory.WithinReachAsync(Staff, ct);
        Chosen = Halls.FirstOrDefault(h => h.Id == Hall) ?? Halls.FirstOrDefault();
        if (Chosen == null)
        {
            return true;
        }

        Hall = Chosen.Id;
        MayManage = HallAccess.MayManage(Staff, Chosen.RegionCode);
        var today = HallClock.Now(clock).Today;
        if (!HallClock.TryParseDate(Date, out _))
        {
            Date = HallClock.Format(today);
        }

        From ??= HallClock.Format(today.AddDays(1));
        To ??= HallClock.Format(today.AddDays(14));
        var day = await desk.DayAsync(Chosen.Id, Date, Staff, ct);
        Bookings = day.Value ?? [];
        return true;
    }
}
