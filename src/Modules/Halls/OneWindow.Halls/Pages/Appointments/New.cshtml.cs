using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Halls.Features;
using OneWindow.Halls.Features.Appointments;
using OneWindow.Halls.Features.Halls;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Security;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Halls.Pages.Appointments;

/// <summary>预约办理 without JavaScript, one choice per step: the hall (GET), the day (GET), then a free slot and the
/// optional case number (POST with the antiforgery token). Errors stand next to the field they concern.</summary>
[Authorize(Policy = CitizenPage.Policy)]
public sealed class NewModel(IPublishedItems items, HallDirectory directory, AppointmentBook book) : CitizenPage
{
    [BindProperty(SupportsGet = true)] public long Item { get; set; }

    [BindProperty(SupportsGet = true)] public long? Hall { get; set; }

    [BindProperty(SupportsGet = true)] public string? Date { get; set; }

    [BindProperty] public long? SlotId { get; set; }

    [BindProperty] public string? CaseNumber { get; set; }

    public PublishedItemInfo? ItemInfo { get; private set; }

    public IReadOnlyList<HallView> Halls { get; private set; } = [];

    public HallView? ChosenHall { get; private set; }

    public IReadOnlyList<(DateOnly Date, int Free)> Dates { get; private set; } = [];

    public IReadOnlyList<FreeSlot> Slots { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var result = await book.BookAsync(new BookRequest(SlotId, Item, CaseNumber), Principal, ct);
        if (result.Failure is not { } failure)
        {
            return Redirect("/account/appointments?booked=" + result.Value!.Code);
        }

        if (failure.Errors != null)
        {
            foreach (var field in new[] { "itemId", "slotId", "caseNumber" })
            {
                if (failure.ErrorFor(field) is { } message)
                {
                    Errors.Add(field == "itemId" ? "slotId" : field, "", message);
                }
            }
        }
        else
        {
            Errors.Add("slotId", "", failure.Detail);
        }

        await LoadAsync(ct); // the seats may have changed
        Response.StatusCode = failure.Kind == FailureKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        ItemInfo = await items.PublishedItemAsync(Item, ct);
        if (ItemInfo == null)
        {
            return false;
        }

        if (!ItemInfo.Appointment || ItemInfo.Suspended)
        {
            return true;
        }

        // Halls of the item's division and below; any active hall when there is none there.
        var all = await directory.ActiveAsync(null, ct);
        var near = all.Where(h => RegionCodes.Contains(ItemInfo.RegionCode, h.RegionCode)).ToList();
        Halls = near.Count > 0 ? near : all;
        ChosenHall = Halls.FirstOrDefault(h => h.Id == Hall);
        if (ChosenHall == null)
        {
            return true;
        }

        var free = await directory.FreeSlotsAsync(ChosenHall.Id, null, null, ct);
        var slots = free.Value ?? [];
        Dates = slots.GroupBy(s => s.Date).Select(g => (g.Key, g.Sum(s => s.Free))).ToList();
        if (HallClock.TryParseDate(Date, out var day))
        {
            Slots = slots.Where(s => s.Date == day).ToList();
        }

        return true;
    }
}
