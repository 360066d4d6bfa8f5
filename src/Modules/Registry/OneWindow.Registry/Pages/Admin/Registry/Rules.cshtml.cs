using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Registry;
using OneWindow.Registry.Domain;
using OneWindow.Registry.Features;
using OneWindow.Registry.Features.Rules;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Registry.Pages.Admin.Registry;

/// <summary>主数据规则: which source wins for each field; data_admin changes a rule (priority written as
/// ga-hukou&gt;wjw-birth=mz-marriage: '&gt;' between tiers, '=' inside one).</summary>
[Authorize(Policy = RegistryModule.StaffPolicy)]
public sealed class RulesModel(RuleEditor editor, RegistryOptions options) : PageModel
{
    public IReadOnlyList<RuleView> Rules { get; private set; } = [];

    public bool MaySteward { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? Failed { get; private set; }

    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? saved, CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MayRead(options.RegionCode))
        {
            return Forbid();
        }

        Saved = saved;
        MaySteward = actor.MaySteward(options.RegionCode);
        Rules = await editor.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string kind, [FromForm] string field, [FromForm] string? strategy, [FromForm] string? priority, CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MaySteward(options.RegionCode))
        {
            return Forbid();
        }

        var tiers = RuleStrategies.ParseTiers(priority ?? "");
        var result = await editor.UpdateAsync(kind, field, new UpdateRuleRequest(strategy, tiers.Select(t => (IReadOnlyList<string>?)t).ToList()), actor, ct);
        if (result.Value != null)
        {
            return Redirect($"/admin/registry/rules?saved={kind}.{field}");
        }

        if (result.Failure!.Kind == FailureKind.NotFound)
        {
            return NotFound();
        }

        Failed = $"{kind}.{field}";
        foreach (var (key, messages) in result.Failure.Errors!)
        {
            Errors.Add(key == "strategy" ? "strategy-" + Failed : "priority-" + Failed, key == "strategy" ? Lang.L("规则", "Strategy") : Lang.L("优先级", "Priority"), messages[0]);
        }

        MaySteward = true;
        Rules = await editor.ListAsync(ct);
        return Page();
    }

    public static string Strategy(string strategy) => strategy switch
    {
        RuleStrategies.Priority => Lang.L("按来源优先级", "Source priority"),
        RuleStrategies.Newest => Lang.L("最新者优先", "Newest wins"),
        _ => Lang.L("由数据管理员裁定", "Steward decides"),
    };
}
