using OneWindow.Shared.Results;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Cases.Features.Handling;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>
/// One case for staff: answers with the frozen form's labels, materials, tasks per step and department, the full
/// history with internal comments, notices and the clock, and the actions the reader may take, each a small form
/// carrying the case's revision (a stale form gets the 409 message). The services re-check every action; this page
/// only hides what the reader could not do. A failed action shows the page again with the errors beside the fields.
/// </summary>
public sealed class ShowModel(CaseQueries queries, CaseHandling handling, IOrganisationDirectory organisation, IStaffDirectory staffDirectory, CaseProofs proofs) : PageModel
{
    public CaseDetail Detail { get; private set; } = null!;

    public Case Case => Detail.Case;

    public FormDefinition Form { get; private set; } = FormDefinition.Default;

    public Dictionary<string, string?> Answers { get; private set; } = [];

    public IReadOnlyList<RequiredMaterial> Materials { get; private set; } = [];

    public ProcessDefinition Process { get; private set; } = ProcessDefinition.Default;

    public IReadOnlyDictionary<long, OrgDepartment> Departments { get; private set; } = new Dictionary<long, OrgDepartment>();

    /// <summary>Open tasks the reader may act on (their role and department), not claimed by someone else.</summary>
    public IReadOnlyList<CaseTask> MyTasks { get; private set; } = [];

    /// <summary>Open tasks of departments the reader administers, with the staff who could take them.</summary>
    public IReadOnlyList<(CaseTask Task, IReadOnlyList<StaffMemberInfo> Staff)> Assignable { get; private set; } = [];

    public bool AtDesk { get; private set; }

    public bool MayExtend { get; private set; }

    public string Subject => PlatformPrincipal.From(User)!.Subject;

    // ---- posted fields ----
    [BindProperty] public int Revision { get; set; }

    [BindProperty] public long TaskId { get; set; }

    [BindProperty] public string? Reason { get; set; }

    [BindProperty] public string? Note { get; set; }

    [BindProperty] public string? Text { get; set; }

    [BindProperty] public string? Outcome { get; set; }

    [BindProperty] public string? Opinion { get; set; }

    [BindProperty] public string? Decision { get; set; }

    [BindProperty] public string? Remedy { get; set; }

    [BindProperty] public string? TrackingNumber { get; set; }

    [BindProperty] public int? ToStep { get; set; }

    [BindProperty] public string? Kind { get; set; }

    [BindProperty] public int? Days { get; set; }

    [BindProperty] public string? Assignee { get; set; }

    [BindProperty] public long ProofId { get; set; }

    [BindProperty] public string? CheckResult { get; set; }

    /// <summary>Correction notice: ticked materials and fields, and the problem written for each.</summary>
    [BindProperty] public List<int> PickedMaterials { get; set; } = [];

    [BindProperty] public Dictionary<int, string?> MaterialProblems { get; set; } = [];

    [BindProperty] public List<string> PickedFields { get; set; } = [];

    [BindProperty] public Dictionary<string, string?> FieldProblems { get; set; } = [];

    // ---- outcome of a failed action ----

    /// <summary>The form that failed ("accept", "correction", "complete-12", …) and its errors by element id.</summary>
    public string? FailedForm { get; private set; }

    public string? ProblemText { get; private set; }

    public List<(string Id, string Message)> FieldErrors { get; } = [];

    public string? ErrorFor(string id) => FieldErrors.FirstOrDefault(e => e.Id == id).Message;

    public bool Failed(string form) => FailedForm == form;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAcceptAsync(long id, CancellationToken ct) =>
        ActAsync(id, "accept", a => handling.AcceptAsync(a, id, Revision, ct), L("已受理，受理通知书已生成。", "Accepted; the receipt is issued."), [], ct);

    public Task<IActionResult> OnPostNotAcceptAsync(long id, CancellationToken ct) =>
        ActAsync(id, "notaccept", a => handling.RefuseAcceptanceAsync(a, id, Revision, Reason, ct), L("已不予受理，通知书已生成。", "Not accepted; the notice is issued."),
            new() { ["reason"] = "notaccept-reason" }, ct);

    public async Task<IActionResult> OnPostCorrectionAsync(long id, CancellationToken ct)
    {
        var c = await queries.FindAsync(id, ct);
        var materials = c == null ? [] : RequiredMaterial.ListFrom(c.MaterialsJson);
        var fields = c == null ? [] : FormDefinition.FromJson(c.FormJson).AllFields.ToList();
        var points = new List<CorrectionPointInput>();
        var map = new Dictionary<string, string>();
        for (var i = 0; i < materials.Count; i++)
        {
            var problem = MaterialProblems.GetValueOrDefault(i);
            if (PickedMaterials.Contains(i) || !string.IsNullOrWhiteSpace(problem))
            {
                map[$"points[{points.Count}].problem"] = $"correction-m{i}";
                points.Add(new CorrectionPointInput(i, null, problem));
            }
        }

        foreach (var field in fields)
        {
            var problem = FieldProblems.GetValueOrDefault(field.Key);
            if (PickedFields.Contains(field.Key) || !string.IsNullOrWhiteSpace(problem))
            {
                map[$"points[{points.Count}].problem"] = $"correction-f-{field.Key}";
                points.Add(new CorrectionPointInput(null, field.Key, problem));
            }
        }

        map["points"] = "correction-m0";
        map["note"] = "correction-note";
        return await ActAsync(id, "correction", a => handling.RequestCorrectionAsync(a, id, Revision, new CorrectionRequest(points, Note), ct),
            L("补正通知已发出（一次性告知）。", "The correction notice is issued (all points at once)."), map, ct);
    }

    public async Task<IActionResult> OnPostClaimAsync(long id, CancellationToken ct)
    {
        if (await StaleAsync(id, $"claim-{TaskId}", ct) is { } stale)
        {
            return stale;
        }

        var result = await handling.ClaimAsync(Actor, TaskId, ct);
        return result.Succeeded ? Done(id, L("已签收。", "Claimed.")) : await FailAsync(id, $"claim-{TaskId}", result.Failure!, [], ct);
    }

    public Task<IActionResult> OnPostCompleteAsync(long id, CancellationToken ct) =>
        TaskActAsync(id, "complete", a => handling.CompleteStepAsync(a, TaskId, new StepResult(Outcome ?? "", Opinion), ct),
            L("已提交审查意见。", "Your opinion is recorded."), ["outcome", "opinion"], ct);

    public Task<IActionResult> OnPostDecideAsync(long id, CancellationToken ct) =>
        TaskActAsync(id, "decide", a => handling.DecideAsync(a, TaskId, new DecisionInput(Decision ?? "", Reason, Remedy), ct),
            L("已作出决定，决定书已生成。", "The decision is made and issued."), ["decision", "reason"], ct);

    public Task<IActionResult> OnPostDeliverAsync(long id, CancellationToken ct) =>
        TaskActAsync(id, "deliver", a => handling.DeliverAsync(a, TaskId, TrackingNumber, ct), L("已送达。", "Delivered."), ["trackingNumber"], ct);

    public Task<IActionResult> OnPostReturnAsync(long id, CancellationToken ct) =>
        TaskActAsync(id, "return", a => handling.ReturnAsync(a, TaskId, ToStep ?? -1, Reason, ct), L("已退回。", "Sent back."), ["toStep", "reason"], ct);

    public Task<IActionResult> OnPostPauseAsync(long id, CancellationToken ct) =>
        TaskActAsync(id, "pause", a => handling.PauseAsync(a, TaskId, new PauseInput(Kind ?? "", Reason), ct), L("特别程序已开始，时限暂停计算。", "Special procedure started; the clock stops."), ["kind", "reason"], ct);

    public Task<IActionResult> OnPostResumeAsync(long id, CancellationToken ct) =>
        TaskActAsync(id, "resume", a => handling.ResumeAsync(a, TaskId, Note, ct), L("特别程序已结束，时限继续计算。", "Special procedure ended; the clock runs again."), ["note"], ct);

    public Task<IActionResult> OnPostCommentAsync(long id, CancellationToken ct) =>
        ActAsync(id, "comment", a => handling.CommentAsync(a, id, Text, ct), L("意见已记录（仅内部可见）。", "Comment recorded (internal)."), new() { ["text"] = "comment-text" }, ct);

    public Task<IActionResult> OnPostExtendAsync(long id, CancellationToken ct) =>
        ActAsync(id, "extend", a => handling.ExtendAsync(a, id, Revision, Days ?? 0, Reason, ct), L("已延期。", "Extended."),
            new() { ["days"] = "extend-days", ["reason"] = "extend-reason" }, ct);

    /// <summary>事后核查 of a commitment (告知承诺): confirmed, or false with what was found.</summary>
    public Task<IActionResult> OnPostCheckCommitmentAsync(long id, CancellationToken ct) =>
        ActAsync(id, $"check-{ProofId}", a => proofs.CheckCommitmentAsync(a, id, ProofId, CheckResult, Note, ct),
            CheckResult == CaseProofs.False ? L("已记录：承诺不实。请依法启动不予许可或撤销程序。", "Recorded: the commitment was false. Start the refusal or revocation procedure.") : L("已记录核查结果：属实。", "Recorded: confirmed."),
            [], ct);

    public async Task<IActionResult> OnPostAssignAsync(long id, CancellationToken ct)
    {
        var form = $"assign-{TaskId}";
        if (await StaleAsync(id, form, ct) is { } stale)
        {
            return stale;
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var choice = Assignable.FirstOrDefault(a => a.Task.Id == TaskId).Staff?.FirstOrDefault(s => $"staff:{s.Id}" == Assignee);
        if (choice == null)
        {
            return await FailAsync(id, form, CaseFailures.Invalid("assignee", "cases.choose_staff_member_department"), new() { ["assignee"] = $"{form}-assignee" }, ct);
        }

        var result = await handling.AssignAsync(Actor, TaskId, $"staff:{choice.Id}", choice.DisplayName, ct);
        return result.Succeeded ? Done(id, L($"已分派给 {choice.DisplayName}。", $"Assigned to {choice.DisplayName}.")) : await FailAsync(id, form, result.Failure!, [], ct);
    }

    public string DepartmentName(long id) => Departments.TryGetValue(id, out var d) ? (Lang.IsEnglish ? d.NameEn : d.Name) : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string AnswerText(FormField field)
    {
        if (!Answers.TryGetValue(field.Key, out var value) || string.IsNullOrEmpty(value))
        {
            return "—";
        }

        return field.Type switch
        {
            "checkbox" => value == "true" ? L("是", "Yes") : L("否", "No"),
            "select" => field.Options.FirstOrDefault(o => o.Value == value) is { } o ? (Lang.IsEnglish && o.LabelEn != null ? o.LabelEn : o.Label) : value,
            _ => value,
        };
    }

    private CaseActor Actor => CaseActor.From(PlatformPrincipal.From(User)!);

    private static string L(string zh, string en) => Lang.L(zh, en);

    private async Task<IActionResult> ActAsync(long id, string form, Func<CaseActor, Task<Outcome<Case>>> action, string done, Dictionary<string, string> fields, CancellationToken ct)
    {
        if (await StaleAsync(id, form, ct) is { } stale)
        {
            return stale;
        }

        var result = await action(Actor);
        return result.Succeeded ? Done(id, done) : await FailAsync(id, form, result.Failure!, fields, ct);
    }

    private Task<IActionResult> TaskActAsync(long id, string kind, Func<CaseActor, Task<Outcome<Case>>> action, string done, string[] fields, CancellationToken ct)
    {
        var form = $"{kind}-{TaskId}";
        return ActAsync(id, form, action, done, fields.ToDictionary(f => f, f => $"{form}-{f.ToLowerInvariant()}"), ct);
    }

    /// <summary>A form posted from an older view of the case gets the clear 409 message instead of acting on a case
    /// that moved on (the services check the revision of desk actions themselves; this covers task actions too).</summary>
    private async Task<IActionResult?> StaleAsync(long id, string form, CancellationToken ct)
    {
        var c = await queries.FindAsync(id, ct);
        if (c == null)
        {
            return NotFound();
        }

        return c.Revision != Revision && await ReadableAsync(c, ct) ? await FailAsync(id, form, CaseFailures.Stale(), [], ct) : null;
    }

    private IActionResult Done(long id, string message)
    {
        TempData["Message"] = message;
        return Redirect($"/admin/cases/{id}");
    }

    private async Task<IActionResult> FailAsync(long id, string form, Failure problem, Dictionary<string, string> fields, CancellationToken ct)
    {
        if (problem.Status == StatusCodes.Status404NotFound || !await LoadAsync(id, ct))
        {
            return NotFound();
        }

        FailedForm = form;
        ProblemText = CaseStaffText.Problem(problem);
        foreach (var (key, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            FieldErrors.Add((fields.GetValueOrDefault(key) ?? $"{form}-{key.ToLowerInvariant()}", string.Join(" ", messages.Select(Lang.Pick))));
        }

        Response.StatusCode = problem.Status;
        return Page();
    }

    private async Task<bool> ReadableAsync(Case c, CancellationToken ct) =>
        c.Status != CaseStatus.Draft && (Actor.MayRead(c.DepartmentId, c.RegionCode) || await queries.InvolvesDepartmentAsync(c.Id, Actor, ct));

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var c = await queries.FindAsync(id, ct);
        if (c == null || !await ReadableAsync(c, ct))
        {
            return false;
        }

        var actor = Actor;
        Detail = await queries.DetailAsync(c, staffView: true, ct);
        Form = FormDefinition.FromJson(c.FormJson);
        Answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        Materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        Process = ProcessDefinition.FromJson(c.ProcessJson);
        Departments = (await organisation.DepartmentsAsync(ct)).ToDictionary(d => d.Id);
        AtDesk = c.StepIndex < 0 && c.Status is CaseStatus.Submitted or CaseStatus.CorrectionEnded && actor.MayAct(StaffRoles.WindowOfficer, c.DepartmentId, c.RegionCode);
        var open = Detail.Tasks.Where(t => t.State == TaskStates.Open).ToList();
        MyTasks = open.Where(t => actor.MayAct(t.Role, t.DepartmentId, t.RegionCode) && (t.AssigneeSubject == null || t.AssigneeSubject == actor.Subject)).ToList();
        MayExtend = actor.MayAct(StaffRoles.DepartmentAdmin, c.DepartmentId, c.RegionCode) && c.AcceptedOn != null && c.Decision == null && !CaseStatus.IsFinal(c.Status) && c.ExtensionDays == 0;
        var administered = open.Where(t => actor.MayAct(StaffRoles.DepartmentAdmin, t.DepartmentId, t.RegionCode)).ToList();
        if (administered.Count > 0 && PlatformPrincipal.From(User) is { IsStaff: true } reader)
        {
            var assignable = new List<(CaseTask, IReadOnlyList<StaffMemberInfo>)>();
            foreach (var department in administered.Select(t => t.DepartmentId).Distinct())
            {
                var members = await staffDirectory.ActiveInDepartmentAsync(reader, department, ct);
                assignable.AddRange(administered.Where(t => t.DepartmentId == department)
                    .Select(t => (t, (IReadOnlyList<StaffMemberInfo>)members.Where(s => s.Roles.Contains(t.Role)).ToList())));
            }

            Assignable = assignable;
        }

        return true;
    }
}
