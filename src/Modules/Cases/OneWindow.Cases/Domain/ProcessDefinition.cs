using System.Text.Json;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Domain;

/// <summary>
/// How an item's cases move after acceptance (办理流程): ordered steps, each handled by a role in one or more
/// departments. A step with several departments is parallel approval (并联审批, 行政许可法 Art. 42 joint handling): it
/// fans out one task per department and continues when all have approved, or as soon as one refuses. Acceptance
/// (受理) is not a step here: the unified acceptance desk handles it for every item. The department admin edits it.
/// </summary>
public sealed class ProcessDefinition
{
    public const string KindReview = "review";
    public const string KindDecide = "decide";
    public const string KindCertify = "certify";
    public const string KindDeliver = "deliver";

    public static readonly string[] Kinds = [KindReview, KindDecide, KindCertify, KindDeliver];

    public List<ProcessStepDefinition> Steps { get; set; } = [];

    /// <summary>审查 → 决定 → 送达, all in the item's department.</summary>
    public static ProcessDefinition Default => new()
    {
        Steps =
        [
            new ProcessStepDefinition { Key = "review", Name = "审查", NameEn = "Review", Kind = KindReview, Role = StaffRoles.Reviewer },
            new ProcessStepDefinition { Key = "decide", Name = "决定", NameEn = "Decision", Kind = KindDecide, Role = StaffRoles.Reviewer },
            new ProcessStepDefinition { Key = "deliver", Name = "送达", NameEn = "Delivery", Kind = KindDeliver, Role = StaffRoles.WindowOfficer },
        ],
    };

    public bool HasParallelStep => Steps.Any(s => s.DepartmentIds.Count > 1);

    public int DecideStepIndex => Steps.FindIndex(s => s.Kind == KindDecide);

    public string ToJson() => JsonSerializer.Serialize(this, CaseJson.Options);

    public static ProcessDefinition FromJson(string json) => JsonSerializer.Deserialize<ProcessDefinition>(json, CaseJson.Options) ?? Default;

    /// <summary>Errors in the definition: exactly one decision step, a deliver step after it, known roles and kinds.</summary>
    public IReadOnlyList<string> CheckDefinition(ISet<long> knownDepartments)
    {
        var errors = new List<string>();
        if (Steps.Count is 0 or > 20)
        {
            errors.Add(CaseText.T("cases.1_20_steps"));
        }

        if (Steps.Count(s => s.Kind == KindDecide) != 1)
        {
            errors.Add("steps: " + CaseText.T("cases.exactly_one_decide_step"));
        }
        else if (Steps.FindLastIndex(s => s.Kind == KindDeliver) < DecideStepIndex)
        {
            errors.Add("steps: " + CaseText.T("cases.deliver_step_must_follow_decision"));
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (step, i) in Steps.Select((s, i) => (s, i)))
        {
            var path = $"steps[{i}]";
            if (string.IsNullOrWhiteSpace(step.Key) || !keys.Add(step.Key))
            {
                errors.Add($"{path}.key: " + CaseText.T("cases.required_unique"));
            }

            if (string.IsNullOrWhiteSpace(step.Name))
            {
                errors.Add($"{path}.name: " + CaseText.T("cases.required"));
            }

            if (!Kinds.Contains(step.Kind))
            {
                errors.Add($"{path}.kind: review | decide | certify | deliver");
            }

            if (!StaffRoles.All.Contains(step.Role) || !StaffRoles.IsDepartmentScoped(step.Role))
            {
                errors.Add($"{path}.role: " + CaseText.T("cases.department_role_window_officer_reviewer"));
            }

            if (step.DepartmentIds.Distinct().Count() != step.DepartmentIds.Count || step.DepartmentIds.Any(d => !knownDepartments.Contains(d)))
            {
                errors.Add($"{path}.departmentIds: " + CaseText.T("cases.unknown_repeated_department"));
            }

            if (step.DepartmentIds.Count > 1 && step.Kind != KindReview)
            {
                errors.Add($"{path}: " + CaseText.T("cases.only_review_steps_run_in"));
            }
        }

        return errors;
    }
}

public sealed class ProcessStepDefinition
{
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string? NameEn { get; set; }

    public string Kind { get; set; } = ProcessDefinition.KindReview;

    public string Role { get; set; } = StaffRoles.Reviewer;

    /// <summary>Empty: the item's own department. Several: parallel approval across them.</summary>
    public List<long> DepartmentIds { get; set; } = [];

    public string DisplayName(bool english) => english && !string.IsNullOrEmpty(NameEn) ? NameEn : Name;
}
