using Microsoft.AspNetCore.Mvc;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Account.Cases;

/// <summary>After submission: the case number and query code to keep, and what happens next. Printable as the
/// submission slip.</summary>
public sealed class DoneModel(Applications applications) : CitizenPage
{
    public Case Case { get; private set; } = null!;

    public string QrSvgMarkup { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long caseId, CancellationToken ct)
    {
        var c = await applications.OwnAsync(CaseActor.From(Principal), caseId, ct);
        if (c == null)
        {
            return NotFound();
        }

        if (c.Number == null || c.QueryCode == null)
        {
            return Redirect($"/apply/{c.Id}");
        }

        Case = c;
        QrSvgMarkup = QrSvg.Render(CasePageText.ProgressUrl(Request, c.Number, c.QueryCode), 3);
        return Page();
    }
}
