using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Cases;
using OneWindow.Cases.Features.Queries;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages;

/// <summary>办件进度查询: anyone with the case number and query code sees the steps, status and due date — no
/// personal data, and an unknown number and a wrong code give the same answer.</summary>
[EnableRateLimiting(CasesModule.ProgressRateLimit)]
public sealed class ProgressModel(CaseQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }

    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public ProgressView? Result { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Number == null && Code == null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(Number))
        {
            Errors.Add("number", Lang.L("办件编号", "Case number"), Lang.L("请输入办件编号", "Enter the case number"));
        }

        if (string.IsNullOrWhiteSpace(Code))
        {
            Errors.Add("code", Lang.L("查询码", "Query code"), Lang.L("请输入查询码", "Enter the query code"));
        }

        if (!Errors.Any)
        {
            Result = await queries.ProgressAsync(Number, Code?.Trim(), Lang.IsEnglish, ct);
            if (Result == null)
            {
                Errors.Add("number", "", Lang.L("办件编号或查询码不正确，请核对后再试。", "The case number or the query code is not right. Check them and try again."));
            }
        }

        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
