using OneWindow.Shared.Web;
using OneWindow.Shared.Results;
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
        group.MapGet("/progress", Progress).AllowAnonymous().PublicEndpoint().RequireRateLimiting(CasesModule.ProgressRateLimit)
            .WithName("GetCaseProgress").WithSummary("Public progress by case number and query code (no sign-in)")
            .WithDescription("An unknown number and a wrong code get the same 404, so numbers cannot be probed.")
            .Produces<ProgressResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        var signedIn = group.MapGroup("").RequireAuthorization().RequireScopes(CasesScopes.Read, CasesScopes.Write);
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
                ? Task.FromResult<IResult>(CaseFailures.Invalid("assigneeSubject", "cases.choose_assignee").ToProblem())
                : RunTask(user, a => h.AssignAsync(a, taskId, body.AssigneeSubject, body.AssigneeName ?? body.AssigneeSubject, ct))).WithName("AssignCaseTask").WithSummary("分派 (department admin)");
        signedIn.MapPost("/tasks/{taskId:long}/complete", (long taskId, StepResult body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.CompleteStepAsync(a, taskId, body, ct))).WithName("CompleteCaseTask").WithSummary("Approve or refuse at a review step");
        signedIn.MapPost("/tasks/{taskId:long}/decide", (long taskId, DecisionInput body, ClaimsPrincipal user, CaseHandling h, CancellationToken ct) =>
            Run(user, a => h.DecideAsync(a, taskId, body, ct))).WithName("DecideCase").WithSummary(CaseText.T("cases.text"));
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
            RunSetup(user, a => s.SaveFormAsync(a, itemId, body.Raw, ct))).WithName("SaveItemForm").WithSummary("Save the item's form (catalogue editor)");
        signedIn.MapPut("/items/{itemId:long}/process", (long itemId, DefinitionBody body, ClaimsPrincipal user, ItemSetups s, CancellationToken ct) =>
            RunSetup(user, a => s.SaveProcessAsync(a, itemId, body.Raw, ct))).WithName("SaveItemProcess").WithSummary("Save the item's process (department admin)");
        CertificateFreeApi.Map(signedIn);
        return app;
    }

    internal static bool English(HttpContext http) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static async Task<IResult> Progress(string? number, string? code, HttpContext http, CaseQueries queries, CancellationToken ct)
    {
        var view = await queries.ProgressAsync(number, code, English(http), ct);
        return view == null
            ? CaseFailures.NotFound("cases.progress_not_found", "cases.case_not_found").ToProblem()
            : TypedResults.Ok(ProgressResponse.From(view));
    }

    private static async Task<IResult> Apply(ApplyRequest body, HttpContext http, ClaimsPrincipal user, Applications applications, CancellationToken ct)
    {
        // Who is asking before what they sent: a caller who may not apply is refused whatever the request.
        var actor = Actor(user);
        if (actor?.ApplicantSubject == null)
        {
            return CaseFailures.Forbidden("cases.only_applicants_apply").ToProblem();
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length is 0 or > 64)
        {
            return CaseFailures.Invalid("Idempotency-Key", "cases.idempotency_key_required").ToProblem();
        }

        var input = new ApplicationInput(body.Answers ?? [], body.DeliveryMethod, body.DeliveryAddress, body.Materials ?? []);
        var result = await applications.CreateAndSubmitAsync(actor, body.ItemId, input, key, ct);
        if (!result.Succeeded)
        {
            return result.Failure!.ToProblem();
        }

        var (c, created) = result.Value;
        var response = new SubmittedResponse(c.Id, c.Number, c.QueryCode, c.Status, CaseStatus.Label(c.Status, English(http)));
        return created ? TypedResults.Created($"/api/v1/cases/{c.Id}", response) : TypedResults.Ok(response);
    }

    private static Task<IResult> StartDraft(DraftRequest body, ClaimsPrincipal user, Applications applications, HttpContext http, CancellationToken ct) =>
        RunApplicant(user, async a =>
        {
            var result = await applications.StartAsync(a, body.ItemId, ct);
            return result.Succeeded ? TypedResults.Created($"/api/v1/cases/{result.Value!.Id}", Submitted(result.Value, http)) : result.Failure!.ToProblem();
        });

    private static Task<IResult> SaveDraft(long id, DraftUpdate body, ClaimsPrincipal user, Applications applications, HttpContext http, CancellationToken ct) =>
        RunApplicant(user, async a => Respond(await applications.SaveDraftAsync(a, id, new ApplicationInput(body.Answers ?? [], body.DeliveryMethod, body.DeliveryAddress), ct), http));

    private static Task<IResult> Attach(long id, MaterialInput body, ClaimsPrincipal user, Applications applications, CancellationToken ct) =>
        RunApplicant(user, async a =>
        {
            var result = await applications.AttachAsync(a, id, body, ct);
            return result.Succeeded
                ? TypedResults.Created($"/api/v1/cases/{id}/materials/{result.Value!.Id}", new MaterialResponse(result.Value.Id, result.Value.MaterialIndex, result.Value.MaterialName, result.Value.FileName, result.Value.MediaType, result.Value.Length, result.Value.Note, false, result.Value.AddedAt))
                : result.Failure!.ToProblem();
        });

    private static Task<IResult> Detach(long id, long materialId, ClaimsPrincipal user, Applications applications, CancellationToken ct) =>
        RunApplicant(user, async a =>
        {
            var result = await applications.DetachAsync(a, id, materialId, ct);
            return result.Succeeded ? TypedResults.NoContent() : result.Failure!.ToProblem();
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
            return CaseFailures.Forbidden("cases.only_applicants_have_cases").ToProblem();
        }

        long? beforeId = null;
        if (before != null)
        {
            if (!Cursor.TryDecode(before, out var b))
            {
                return CaseFailures.Invalid("before", "cases.invalid_cursor").ToProblem();
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
            ? CaseFailures.Forbidden("cases.only_applicants_have_notifications").ToProblem()
            : TypedResults.Ok(await queries.NotificationsAsync(actor.ApplicantSubject, null, ct));
    }

    private static async Task<IResult> Get(long id, ClaimsPrincipal user, CaseQueries queries, HttpContext http, CancellationToken ct)
    {
        var (c, staffView) = await Readable(user, id, queries, ct);
        return c == null ? CaseFailures.NotFound().ToProblem() : TypedResults.Ok(CaseResponse.From(await queries.DetailAsync(c, staffView, ct), English(http), staffView));
    }

    private static async Task<IResult> MaterialContent(long id, long materialId, ClaimsPrincipal user, CaseQueries queries, IFileLibrary files, CancellationToken ct)
    {
        var (c, _) = await Readable(user, id, queries, ct);
        var material = c == null ? null : (await queries.DetailAsync(c, staffView: false, ct)).Materials.FirstOrDefault(m => m.Id == materialId);
        var stream = material == null ? null : await files.OpenReadAsync(material.FileId, ct);
        if (stream == null)
        {
            return CaseFailures.NotFoundOf("cases.material_not_found").ToProblem();
        }

        return TypedResults.File(stream, material!.MediaType, material.FileName);
    }

    private static async Task<IResult> Inbox(string? filter, string? after, ClaimsPrincipal user, CaseQueries queries, CancellationToken ct)
    {
        var actor = Actor(user);
        if (actor?.DepartmentId is not { } department || actor.IsApplicant)
        {
            return CaseFailures.Forbidden("cases.only_department_staff_systems_have").ToProblem();
        }

        if (!Cursor.TryDecodeOptional(after, out var afterId))
        {
            return CaseFailures.Invalid("after", "cases.invalid_cursor").ToProblem();
        }

        var rows = await queries.InboxAsync(department, filter == "mine" ? actor.Subject : null, filter == "unclaimed", filter == "warnings", afterId, ct);
        return TypedResults.Ok(new PageResponse<InboxRow>(rows, rows.Count == CaseQueries.PageSize ? Cursor.Encode(rows[^1].TaskId) : null));
    }

    private static async Task<IResult> Desk(string? after, ClaimsPrincipal user, CaseQueries queries, CancellationToken ct)
    {
        var actor = Actor(user);
        if (actor?.DepartmentId is not { } department || !actor.MayAct(StaffRoles.WindowOfficer, department, actor.Scope.RegionCode ?? ""))
        {
            return CaseFailures.Forbidden("cases.only_window_officers_see_acceptance").ToProblem();
        }

        if (!Cursor.TryDecodeOptional(after, out var afterId))
        {
            return CaseFailures.Invalid("after", "cases.invalid_cursor").ToProblem();
        }

        var rows = await queries.DeskAsync(department, afterId, ct);
        return TypedResults.Ok(new PageResponse<DeskRow>(rows, rows.Count == CaseQueries.PageSize ? Cursor.Encode(rows[^1].CaseId) : null));
    }

    private static async Task<IResult> GetSetup(long itemId, ItemSetups setups, CancellationToken ct) =>
        await setups.GetAsync(itemId, ct) is { } view ? TypedResults.Ok(view) : CaseFailures.NotFoundOf("cases.item_not_found_not_published").ToProblem();

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

    internal static async Task<IResult> Run(ClaimsPrincipal user, Func<CaseActor, Task<Outcome<Case>>> action)
    {
        var actor = Actor(user);
        if (actor == null || actor.IsApplicant)
        {
            return CaseFailures.Forbidden("cases.only_department_staff_systems_handle").ToProblem();
        }

        var result = await action(actor);
        return result.Succeeded ? TypedResults.Ok(new SubmittedResponse(result.Value!.Id, result.Value.Number, null, result.Value.Status, CaseStatus.Label(result.Value.Status, false))) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> RunTask(ClaimsPrincipal user, Func<CaseActor, Task<Outcome<CaseTask>>> action)
    {
        var actor = Actor(user);
        if (actor == null || actor.IsApplicant)
        {
            return CaseFailures.Forbidden("cases.only_department_staff_systems_handle").ToProblem();
        }

        var result = await action(actor);
        return result.Succeeded ? TypedResults.Ok(TaskResponse.From(result.Value!)) : result.Failure!.ToProblem();
    }

    internal static async Task<IResult> RunSetup(ClaimsPrincipal user, Func<CaseActor, Task<Outcome<ItemSetupView>>> action)
    {
        var actor = Actor(user);
        if (actor == null || !actor.IsStaff)
        {
            return CaseFailures.Forbidden("cases.only_staff_configure_items").ToProblem();
        }

        var result = await action(actor);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Failure!.ToProblem();
    }

    internal static async Task<IResult> RunApplicant(ClaimsPrincipal user, Func<CaseActor, Task<IResult>> action)
    {
        var actor = Actor(user);
        return actor?.ApplicantSubject == null ? CaseFailures.Forbidden("cases.sign_in_as_applicant").ToProblem() : await action(actor);
    }

    private static IResult Respond(Outcome<Case> result, HttpContext http) =>
        result.Succeeded ? TypedResults.Ok(Submitted(result.Value!, http)) : result.Failure!.ToProblem();

    private static SubmittedResponse Submitted(Case c, HttpContext http) => new(c.Id, c.Number, c.QueryCode, c.Status, CaseStatus.Label(c.Status, English(http)));

}
