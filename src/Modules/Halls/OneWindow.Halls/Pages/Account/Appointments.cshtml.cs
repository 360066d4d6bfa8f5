using Microsoft.AspNetCore.Mvc;
using OneWindow.Halls.Features.Appointments;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Halls.Pages.Account;

/// <summary>我的预约: the applicant's bookings (the enterprise's when acting for one), newest first, with cancel.</summary>
public sealed class AppointmentsModel(AppointmentBook book, TimeProvider clock) : CitizenPage
{
    [BindProperty(SupportsGet = true)] public string? Booked { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public AppointmentView? Confirmed { get; private set; }

    public AppointmentPage List { get; private set; } = new([], null);

    public string? Problem { get; private set; }

    /// <summary>Only a booking whose slot has not started can be cancelled by the applicant.</summary>
    public bool MayCancel(AppointmentView a) =>
        a.Status == OneWindow.Halls.Domain.BookingStatus.Booked && !OneWindow.Halls.Features.HallClock.HasStarted(a.Date, a.StartsAt, clock);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var applicant = OneWindow.Halls.Features.HallAccess.ApplicantOf(Principal)!;
        if (AppointmentBook.IsCode(Booked))
        {
            Confirmed = await book.FindAsync(Booked!, applicant, ct);
        }

        var page = await book.MineAsync(Principal, After, null, ct);
        if (page.Succeeded)
        {
            List = page.Value!;
        }
        else
        {
            Problem = Lang.L("翻页链接无效，已显示最新的预约。", "That page link was not valid; showing the latest bookings.");
            List = (await book.MineAsync(Principal, null, null, ct)).Value!;
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(string code, CancellationToken ct)
    {
        var result = await book.CancelAsync(code ?? "", Principal, ct);
        if (result.Failure is not { } failure)
        {
            return Redirect("/account/appointments?done=cancelled");
        }

        Problem = failure.Detail;
        Response.StatusCode = failure.Kind == FailureKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        List = (await book.MineAsync(Principal, null, null, ct)).Value!;
        return Page();
    }
}
