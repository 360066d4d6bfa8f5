using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Identity.Features.Enterprises;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Account.Enterprises;

/// <summary>经办人管理: the legal representative (or an agent allowed to) authorizes people to act for the
/// enterprise, with rights and an end date, and revokes them. Others get 404, whether or not the enterprise exists.</summary>
public sealed class AgentsModel(EnterpriseAgents agents) : CitizenPage
{
    [FromRoute] public long EnterpriseId { get; set; }

    public ActingOption Enterprise { get; private set; } = null!;

    public IReadOnlyList<AgentView> Agents { get; private set; } = [];

    [BindProperty] public string? IdNumber { get; set; }

    [BindProperty] public bool CanApply { get; set; } = true;

    [BindProperty] public bool CanManageAgents { get; set; }

    [BindProperty] public DateOnly? ValidUntil { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid && ModelState.TryGetValue(nameof(ValidUntil), out var entry) && entry.Errors.Count > 0)
        {
            Errors.Add("validUntil", "", Lang.L("请按 年-月-日 填写日期", "Enter the date as year-month-day"));
            return Invalid();
        }

        var (outcome, errors) = await agents.GrantAsync(CitizenId, EnterpriseId, new AgentGrant(IdNumber, CanApply, CanManageAgents, ValidUntil), ct);
        if (outcome == AgentOutcome.NotAllowed)
        {
            return NotFound();
        }

        if (outcome == AgentOutcome.Done)
        {
            return RedirectToPage(new { EnterpriseId, Done = "granted" });
        }

        foreach (var field in new[] { "idNumber", "canApply", "validUntil" })
        {
            if (errors.First(field) is { } message)
            {
                Errors.Add(field, "", message);
            }
        }

        return Invalid();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long memberId, CancellationToken ct)
    {
        var outcome = await agents.RevokeAsync(CitizenId, EnterpriseId, memberId, ct);
        return outcome == AgentOutcome.NotAllowed ? NotFound() : RedirectToPage(new { EnterpriseId, Done = outcome == AgentOutcome.Done ? "revoked" : null });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var list = await agents.AgentsAsync(CitizenId, EnterpriseId, ct);
        var option = await agents.OptionAsync(CitizenId, EnterpriseId, ct);
        if (list == null || option == null)
        {
            return false;
        }

        Agents = list;
        Enterprise = option;
        return true;
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
