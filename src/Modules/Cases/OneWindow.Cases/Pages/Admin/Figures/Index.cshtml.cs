using OneWindow.Shared.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Features.Figures;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Admin.Figures;

/// <summary>改革成效 for supervisors (their division) and department admins (their department): server-rendered bars
/// with the same numbers in a table.</summary>
public sealed class IndexModel(ReformFigures figures) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }

    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public FigureReport? Report { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!FiguresApi.TryDate(From, "from", out var start, out var problem) || !FiguresApi.TryDate(To, "to", out var end, out problem))
        {
            return Invalid(problem!);
        }

        var result = await figures.ComputeAsync(CaseActor.From(PlatformPrincipal.From(User)!), start, end, ct);
        if (!result.Succeeded)
        {
            return result.Failure!.Status == 403 ? Forbid() : Invalid(result.Failure!);
        }

        Report = result.Value;
        From = Report!.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        To = Report.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    private PageResult Invalid(Failure problem)
    {
        CasePageText.AddProblem(Errors, problem, key => key == "to" ? ("to", Lang.L("结束日期", "To")) : ("from", Lang.L("开始日期", "From")));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
