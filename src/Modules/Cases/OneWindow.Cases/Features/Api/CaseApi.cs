using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.Handling;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Files;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Api;

/// <summary>
/// /api/v1/cases: applications (drafts, materials, submission, withdrawal, corrections), staff actions on cases and
/// tasks, inboxes for officers and department systems (pull), the public progress query, per-item form and process.
/// Errors are problem details; input errors carry `errors` per field.
/// </summary>
public static class CaseApi
{
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cases").WithTags("Cases");
        group.MapGet("/progress", Progress).AllowAnonymous().RequireRateLimiting(CasesModule.ProgressRateLimit)
            .WithName("GetCaseProgress").WithSummary("Public progress by case number and query code (no sign-in)")
            .WithDescription("An unknown number and a wrong code get the same 404, so numbers cannot be probed.")
            .Produces<ProgressResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        var signedIn = group.MapGroup("").RequireAuthorization();
        signedIn.MapPost("", Apply).WithName("ApplyForItem").WithSummary("Create and submit an application in one call (Idempotency-Key header required)")
            .Produces<SubmittedResponse>(StatusCodes.Status201Created).Produces<SubmittedResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        signedIn.MapPost("/drafts", StartDraft).WithName("StartCaseDraft").WithSummary("Start a draft for a published item");
        signedIn.MapPut("/{id:long}/draft", SaveDraft).WithName("SaveCaseDraft").WithSummary("Save answers and delivery choice of a draft or correction");
        signedIn.MapPost("/{id:long}/materials", Attach).WithName("AttachCaseMaterial").WithSummary("Attach a file from the applicant's library to a material");
        signedIn.MapDelete("/{id:long}/materials/{materialId:long}", Detach).WithName("DetachCaseMaterial").WithSummary("Remove an attachment (drafts and corrections)");
        signedIn.MapGet("/{id:long}/materials/{materialId:long}/content", MaterialContent).WithName("GetCaseMaterialContent").WithSummary("Download a material (owner, or staff who may read the case)");
        signedIn.MapPost("/{id:long}/submit", Submit).WithName("SubmitCase").WithSummary("Submit a draft (idempotent)");
        signedIn.MapPost("/{id:long}/withdraw", Withdraw).WithName("WithdrawCase").WithSummary("Withdraw before the decision");
        signedIn.MapPost("/{id:long}/correction", SubmitCorrection).WithName("SubmitCaseCorrection").WithSummary("Submit the corrections asked for");
        signedIn.MapGet("/mine", Mine).WithName("ListMyCases").WithSummary("The applicant's cases and drafts, newest first");
        signedIn.MapGet("/notifications", Notifications).WithName("ListCaseNotifications").WithSummary("The applicant's in-app notifications");
        signedIn.MapGet("/{id:long}", Get).WithName("GetCase").WithSummary("A case with materials, history (and tasks for staff)");

        signedIn.MapGet("/inbox", Inbox).WithName("CaseInbox").WithSummary("Open tasks of the caller's department (officers and department systems pull here)");
        signedIn.MapGet("/desk", Desk).WithName("AcceptanceDesk").WithSummary("Cases waiting at the department's acceptance desk");
        signedIn.MapPost("/{id:long}/accept", (long id, RevisionBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.AcceptAsync(a, id, body.Revision, ct))).WithName("AcceptCase").WithSummary("受理");
        signedIn.MapPost("/{id:long}/not-accept", (long id, RefuseBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.RefuseAcceptanceAsync(a, id, body.Revision, body.Reason, ct))).WithName("RefuseCaseAcceptance").WithSummary("不予受理 with reason");
        signedIn.MapPost("/{id:long}/request-correction", (long id, CorrectionBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.RequestCorrectionAsync(a, id, body.Revision, new CorrectionRequest(body.Points ?? [], body.Note), ct))).WithName("RequestCaseCorrection").WithSummary("一次性告知补正: every point at once");
        signedIn.MapPost("/{id:long}/extend", (long id, ExtendBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.ExtendAsync(a, id, body.Revision, body.Days, body.Reason, ct))).WithName("ExtendCase").WithSummary("延期 approved by the department admin");
        signedIn.MapPost("/{id:long}/comments", (long id, CommentBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.CommentAsync(a, id, body.Text, ct))).WithName("CommentCase").WithSummary("Internal comment");
        signedIn.MapPost("/tasks/{taskId:long}/claim", (long taskId, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            RunTask(user, a => h.ClaimAsync(a, taskId, ct))).WithName("ClaimCaseTask").WithSummary("签收");
        signedIn.MapPost("/tasks/{taskId:long}/assign", (long taskId, AssignBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(body.AssigneeSubject) || body.AssigneeSubject.Length > 60
                ? Task.FromResult(Problem(CaseProblem.Invalid("assigneeSubject", "请选择承办人。 / Choose the assignee.")))
                : RunTask(user, a => h.AssignAsync(a, taskId, body.AssigneeSubject, body.AssigneeName ?? body.AssigneeSubject, ct))).WithName("AssignCaseTask").WithSummary("分派 (department admin)");
        signedIn.MapPost("/tasks/{taskId:long}/complete", (long taskId, StepResult body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.CompleteStepAsync(a, taskId, body, ct))).WithName("CompleteCaseTask").WithSummary("Approve or refuse at a review step");
        signedIn.MapPost("/tasks/{taskId:long}/decide", (long taskId, DecisionInput body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.DecideAsync(a, taskId, body, ct))).WithName("DecideCase").WithSummary("准予 / 不予许可");
        signedIn.MapPost("/tasks/{taskId:long}/deliver", (long taskId, DeliverBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.DeliverAsync(a, taskId, body.TrackingNumber, ct))).WithName("DeliverCase").WithSummary("送达, then 办结");
        signedIn.MapPost("/tasks/{taskId:long}/return", (long taskId, ReturnBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.ReturnAsync(a, taskId, body.ToStep, body.Reason, ct))).WithName("ReturnCase").WithSummary("退回 to an earlier step");
        signedIn.MapPost("/tasks/{taskId:long}/pause", (long taskId, PauseInput body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.PauseAsync(a, taskId, body, ct))).WithName("StartSpecialProcedure").WithSummary("特别程序: the clock stops");
        signedIn.MapPost("/tasks/{taskId:long}/resume", (long taskId, NoteBody body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.ResumeAsync(a, taskId, body.Note, ct))).WithName("EndSpecialProcedure").WithSummary("End the special procedure; the clock runs again");

        signedIn.MapGet("/items/{itemId:long}/setup", GetSetup).WithName("GetItemCaseSetup").WithSummary("The item's application form and handling process");
        signedIn.MapPut("/items/{itemId:long}/form", (long itemId, DefinitionBody body, ClaimsPrincipal user, ItemSetups s, CancellationToken ct) =>
            RunSetup(user, a => s.SaveFormAsync(a, itemId, body.Definition.GetRawText(), ct))).WithName("SaveItemForm").WithSummary("Save the item's form (catalogue editor)");
        signedIn.MapPut("/items/{itemId:long}/process", (long itemId, DefinitionBody body, ClaimsPrincipal user, ItemSetups s, CancellationToken ct) =>
            RunSetup(user, a => s.SaveProcessAsync(a, itemId, body.Definition.GetRawText(), ct))).WithName("SaveItemProcess").WithSummary("Save the item's process (department admin)");
        CertificateFreeApi.Map(signedIn);
        return app;
    }

    internal static bool English(HttpContext http) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static async Task<IResult> Progress(string? number, string? code, HttpContext http, CaseQueries queries, CancellationToken ct)
    {
        var view = await queries.ProgressAsync(number, code, English(http), ct);
        return view == null
            ? Problem(new CaseProblem(404, "未找到办件 / Case not found", "办件编号或查询码不正确。 / The case number or query code is not right."))
            : TypedResults.Ok(ProgressResponse.From(view));
    }

    private static async Task<IResult> Apply(ApplyRequest body, HttpContext http, ClaimsPrincipal user, Applications applications, CancellationToken ct)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length is 0 or > 64)
        {
            return Problem(CaseProblem.Invalid("Idempotency-Key", "请在 Idempotency-Key 请求头中提供 1 到 64 个字符的幂等键。 / Send an Idempotency-Key header (1-64 characters)."));
        }

        var actor = Actor(user);
        if (actor?.ApplicantSubject == null)
        {
            return Problem(CaseProblem.Forbidden("只有申请人可以提交申请。 / Only applicants apply."));
        }

        var input = new ApplicationInput(body.Answers ?? [], body.DeliveryMethod, body.DeliveryAddress, body.Materials ?? []);
        var result = await applications.CreateAndSubmitAsync(actor, body.ItemId, input, key, ct);
        if (!result.Succeeded)
        {
            return Problem(result.Problem!);
        }

        var (c, created) = result.Value;
        var response = new SubmittedResponse(c.Id, c.Number, c.QueryCode, c.Status, CaseStatus.Label(c.Status, English(http)));
        return created ? TypedResults.Created($"/api/v1/cases/{c.Id}", response) : TypedResults.Ok(response);
    }

    private static Task<IResult> StartDraft(DraftRequest body, ClaimsPrincipal user, Applications applications, HttpContext http, CancellationToken ct) =>
        RunApplicant(user, async a =>
        {
            var result = await applications.StartAsync(a, body.ItemId, ct);
            return result.Succeeded ? TypedResults.Created($"/api/v1/cases/{result.Value!.Id}", Submitted(result.Value, http)) : Problem(result.Problem!);
        });

    private static Task<IResult> SaveDraft(long id, DraftUpdate body, ClaimsPrincipal user, Applications applications, HttpContext http, CancellationToken ct) =>
        RunApplicant(user, async a => Respond(await applications.SaveDraftAsync(a, id, new ApplicationInput(body.Answers ?? [], body.DeliveryMethod, body.DeliveryAddress), ct), http));

    private static Task<IResult> Attach(long id, MaterialInput body, ClaimsPrincipal user, Applications applications, CancellationToken ct) =>
        RunApplicant(user, async a =>
        {
            var result = await applications.AttachAsync(a, id, body, ct);
            return result.Succeeded
                ? TypedResults.Created($"/api/v1/cases/{id}/materials/{result.Value!.Id}", new MaterialResponse(result.Value.Id, result.Value.MaterialIndex, result.Value.MaterialName, result.Value.FileName, result.Value.MediaType, result.Value.Length, result.Value.Note, false, result.Value.AddedAt))
                : Problem(result.Problem!);
        });

    private static Task<IResult> Detach(long id, long materialId, ClaimsPrincipal user, Applications applications, CancellationToken ct) =>
        RunApplicant(user, async a =>
        {
            var result = await applications.DetachAsync(a, id, materialId, ct);
            return result.Succeeded ? TypedResults.NoContent() : Problem(result.Problem!);
        });

    private static Task<IResult> Submit(long id, ClaimsPrincipal user, Applications applications, HttpContext http, CancellationToken ct) =>
        RunApplicant(user, async a => Respond(await applications.SubmitAsync(a, id, English(http), ct), http));

    private static Task<IResult> Withdraw(long id, ReasonBody body, ClaimsPrincipal user, Applications applications, HttpContext http, CancellationToken ct) =>
        RunApplicant(user, async a => Respond(await applications.WithdrawAsync(a, id, body.Reason, ct), http));

    private static Task<IResult> SubmitCorrection(long id, ClaimsPrincipal user, Applications applications, HttpContext http, CancellationToken ct) =>
        RunApplicant(user, async a => Respond(await applications.SubmitCorrectionAsync(a, id, English(http), ct), http));

    private static async Task<IResult> Mine(string? before, ClaimsPrincipal user, CaseQueries queries, CancellationToken ct)
    {
        var actor = Actor(user);
        if (actor?.ApplicantSubject == null)
        {
            return Problem(CaseProblem.Forbidden("只有申请人有“我的办件”。 / Only applicants have cases."));
        }

        long? beforeId = null;
        if (before != null)
        {
            if (!Cursor.TryDecode(before, out var b))
            {
                return Problem(CaseProblem.Invalid("before", "游标无效。 / Invalid cursor."));
            }

            beforeId = b;
        }

        var rows = await queries.MineAsync(actor.ApplicantSubject, beforeId, ct);
        return TypedResults.Ok(new PageResponse<CaseSummary>(rows, rows.Count == CaseQueries.PageSize ? Cursor.Encode(rows[^1].Id) : null));
    }

    private static async Task<IResult> Notifications(ClaimsPrincipal user, CaseQueries queries, CancellationToken ct)
    {
        var actor = Actor(user);
        return actor?.ApplicantSubject == null
            ? Problem(CaseProblem.Forbidden("只有申请人有消息。 / Only applicants have notifications."))
            : TypedResults.Ok(await queries.NotificationsAsync(actor.ApplicantSubject, null, ct));
    }

    private static async Task<IResult> Get(long id, ClaimsPrincipal user, CaseQueries queries, HttpContext http, CancellationToken ct)
    {
        var (c, staffView) = await Readable(user, id, queries, ct);
        return c == null ? Problem(CaseProblem.NotFound()) : TypedResults.Ok(CaseResponse.From(await queries.DetailAsync(c, staffView, ct), English(http), staffView));
    }

    private static async Task<IResult> MaterialContent(long id, long materialId, ClaimsPrincipal user, CaseQueries queries, IFileLibrary files, CancellationToken ct)
    {
        var (c, _) = await Readable(user, id, queries, ct);
        var material = c == null ? null : (await queries.DetailAsync(c, staffView: false, ct)).Materials.FirstOrDefault(m => m.Id == materialId);
        var stream = material == null ? null : await files.OpenReadAsync(material.FileId, ct);
        if (stream == null)
        {
            return Problem(CaseProblem.NotFound() with { Title = "材料不存在 / Material not found" });
        }

        return TypedResults.File(stream, material!.MediaType, material.FileName);
    }

    private static async Task<IResult> Inbox(string? filter, string? after, ClaimsPrincipal user, CaseQueries queries, CancellationToken ct)
    {
        var actor = Actor(user);
        if (actor?.DepartmentId is not { } department || actor.IsApplicant)
        {
            return Problem(CaseProblem.Forbidden("只有部门工作人员和部门业务系统有待办。 / Only department staff and systems have an inbox."));
        }

        if (!Cursor.TryDecodeOptional(after, out var afterId))
        {
            return Problem(CaseProblem.Invalid("after", "游标无效。 / Invalid cursor."));
        }

        var rows = await queries.InboxAsync(department, filter == "mine" ? actor.Subject : null, filter == "unclaimed", filter == "warnings", afterId, ct);
        return TypedResults.Ok(new PageResponse<InboxRow>(rows, rows.Count == CaseQueries.PageSize ? Cursor.Encode(rows[^1].TaskId) : null));
    }

    private static async Task<IResult> Desk(string? after, ClaimsPrincipal user, CaseQueries queries, CancellationToken ct)
    {
        var actor = Actor(user);
        if (actor?.DepartmentId is not { } department || !actor.MayAct(StaffRoles.WindowOfficer, department, actor.Scope.RegionCode ?? ""))
        {
            return Problem(CaseProblem.Forbidden("只有受理窗口人员可以查看受理台。 / Only window officers see the acceptance desk."));
        }

        if (!Cursor.TryDecodeOptional(after, out var afterId))
        {
            return Problem(CaseProblem.Invalid("after", "游标无效。 / Invalid cursor."));
        }

        var rows = await queries.DeskAsync(department, afterId, ct);
        return TypedResults.Ok(new PageResponse<DeskRow>(rows, rows.Count == CaseQueries.PageSize ? Cursor.Encode(rows[^1].CaseId) : null));
    }

    private static async Task<IResult> GetSetup(long itemId, ItemSetups setups, CancellationToken ct) =>
        await setups.GetAsync(itemId, ct) is { } view ? TypedResults.Ok(view) : Problem(CaseProblem.NotFound() with { Title = "事项不存在或未发布 / Item not found or not published" });

    /// <summary>The case if the caller owns it (applicant) or may read it (staff of a handling department, supervisors,
    /// the department's system); staffView says which view to give.</summary>
    internal static async Task<(Case? Case, bool StaffView)> Readable(ClaimsPrincipal user, long id, CaseQueries queries, CancellationToken ct)
    {
        var actor = Actor(user);
        var c = actor == null ? null : await queries.FindAsync(id, ct);
        if (c == null || actor == null)
        {
            return (null, false);
        }

        if (actor.IsApplicant)
        {
            return c.ApplicantSubject == actor.ApplicantSubject ? (c, false) : (null, false);
        }

        if (c.Status == CaseStatus.Draft)
        {
            return (null, false);
        }

        return actor.MayRead(c.DepartmentId, c.RegionCode) || await queries.InvolvesDepartmentAsync(c.Id, actor, ct) ? (c, true) : (null, false);
    }

    internal static CaseActor? Actor(ClaimsPrincipal user) =>
        PlatformPrincipal.From(user) is { } p ? CaseActor.From(p) : null;

    internal static async Task<IResult> Run(ClaimsPrincipal user, Func<CaseActor, Task<CaseResult<Case>>> action)
    {
        var actor = Actor(user);
        if (actor == null || actor.IsApplicant)
        {
            return Problem(CaseProblem.Forbidden("只有部门工作人员或部门业务系统可以办理。 / Only department staff or systems handle cases."));
        }

        var result = await action(actor);
        return result.Succeeded ? TypedResults.Ok(new SubmittedResponse(result.Value!.Id, result.Value.Number, null, result.Value.Status, CaseStatus.Label(result.Value.Status, false))) : Problem(result.Problem!);
    }

    private static async Task<IResult> RunTask(ClaimsPrincipal user, Func<CaseActor, Task<CaseResult<CaseTask>>> action)
    {
        var actor = Actor(user);
        if (actor == null || actor.IsApplicant)
        {
            return Problem(CaseProblem.Forbidden("只有部门工作人员或部门业务系统可以办理。 / Only department staff or systems handle cases."));
        }

        var result = await action(actor);
        return result.Succeeded ? TypedResults.Ok(TaskResponse.From(result.Value!)) : Problem(result.Problem!);
    }

    internal static async Task<IResult> RunSetup(ClaimsPrincipal user, Func<CaseActor, Task<CaseResult<ItemSetupView>>> action)
    {
        var actor = Actor(user);
        if (actor == null || !actor.IsStaff)
        {
            return Problem(CaseProblem.Forbidden("只有部门工作人员可以配置事项。 / Only staff configure items."));
        }

        var result = await action(actor);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problem(result.Problem!);
    }

    internal static async Task<IResult> RunApplicant(ClaimsPrincipal user, Func<CaseActor, Task<IResult>> action)
    {
        var actor = Actor(user);
        return actor?.ApplicantSubject == null ? Problem(CaseProblem.Forbidden("请以申请人身份登录。 / Sign in as an applicant.")) : await action(actor);
    }

    private static IResult Respond(CaseResult<Case> result, HttpContext http) =>
        result.Succeeded ? TypedResults.Ok(Submitted(result.Value!, http)) : Problem(result.Problem!);

    private static SubmittedResponse Submitted(Case c, HttpContext http) => new(c.Id, c.Number, c.QueryCode, c.Status, CaseStatus.Label(c.Status, English(http)));

    internal static IResult Problem(CaseProblem problem)
    {
        var extensions = new Dictionary<string, object?>();
        if (problem.Errors != null)
        {
            extensions["errors"] = problem.Errors;
        }

        return TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail, extensions: extensions);
    }
}
