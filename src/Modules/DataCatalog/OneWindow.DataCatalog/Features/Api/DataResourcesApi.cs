using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.DataCatalog.Domain;
using OneWindow.DataCatalog.Features.Editing;
using OneWindow.DataCatalog.Features.Export;
using OneWindow.DataCatalog.Features.Reading;
using OneWindow.DataCatalog.Features.Search;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Shared.Versions;
using OneWindow.Shared.Web;

namespace OneWindow.DataCatalog.Features.Api;

/// <summary>/api/v1/data-resources (OpenAPI tag "data-resources"): the data resource catalogue (政务信息资源目录).
/// Published metadata for any staff session and department systems with data.resources.read; drafts, submission and
/// review with data.resources.write for the roles of <see cref="DataCatalogAccess"/>.</summary>
public static class DataResourcesApi
{
    private const string Rules =
        " Editors: the provider department's department_admin, a data_admin whose GB/T 2260 division reaches the provider's, platform_admin, and the provider department's own systems. Reviewers: data_admin reaching the provider, platform_admin; never the submitter of the version. `{code}` is the code with '-' for '/' (101001-000001), or the numeric id of a resource never submitted.";

    public static IEndpointRouteBuilder MapDataResourcesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/data-resources").WithTags("data-resources").RequireScopes(DataCatalogScopes.Read, DataCatalogScopes.Write)
            .RequireAuthorization(DataCatalogModule.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("", List).WithName("ListDataResources").WithSummary("Search published data resources (keyset paging)")
            .Produces<ResourceListResponse>().ProducesValidationProblem()
            .WithDescription("`q`: words of the name, summary, items or provider (Chinese, pinyin or initials of the name); `department` (id), `sharing` (unconditional|conditional|not_shared), `open` (open|conditional|not_open); `after`: nextCursor of the previous page; `pageSize` 1-100 (default 20). Ordered by resource id.");
        group.MapGet("/export.csv", ExportCsv).WithName("ExportDataResourcesCsv").WithSummary("The whole published catalogue as CSV (UTF-8 with BOM, Chinese header)");
        group.MapGet("/export.json", ExportJson).WithName("ExportDataResourcesJson").WithSummary("The whole published catalogue as JSON");
        group.MapGet("/{code}", Get).WithName("GetDataResource").WithSummary("A data resource: its published version, or `version`")
            .Produces<ResourceResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Readers see published and superseded versions; editors and reviewers also drafts (the latest when nothing is published)." + Rules);
        group.MapGet("/{code}/versions", Versions).WithName("ListDataResourceVersions").WithSummary("A resource's versions, newest first")
            .Produces<List<VersionSummary>>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{code}/diff", Diff).WithName("DiffDataResourceVersions").WithSummary("Field-by-field difference between two versions")
            .Produces<ResourceDiff>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("`from`, `to`: version numbers (default the previous and the latest visible).");
        group.MapPost("", Create).WithName("CreateDataResource").WithSummary("Register a data resource as a draft")
            .Produces<ResourceResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithDescription("Body: the metadata (classification 6-12 digits 类/项/目/细目, name, providerDepartment key (default: the caller's), summary, format, items [{key, name, type, mask}], subjectItem, holding, sharingClass, sharingConditions (conditional), notSharedBasis (not_shared), sharingMethod, openClass, updateCycle, relatedCodes, decisionWorkingDays 1-30). 400 with field errors. Audited as datacatalog.resource.created." + Rules);
        group.MapPut("/{code}/draft", Update).WithName("UpdateDataResourceDraft").WithSummary("Replace the draft; on a published resource, start a new draft version")
            .Produces<ResourceResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("409 while a version is under review. The published version stays what readers and the exchange see until the new one is published. Audited as datacatalog.resource.edited." + Rules);
        group.MapPost("/{code}/submit", Submit).WithName("SubmitDataResource").WithSummary("Submit the draft for review (allocates the code on first submission)")
            .Produces<ResourceResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{code}/publish", Publish).WithName("PublishDataResource").WithSummary("Publish the submitted version (reviewers)")
            .Produces<ResourceResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{code}/return", Return).WithName("ReturnDataResource").WithSummary("Return the submitted version with a reason (reviewers)")
            .Produces<ResourceResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: {\"reason\": \"…\"} (1-500 characters)." + Rules);
        return app;
    }

    private static PlatformPrincipal Principal(ClaimsPrincipal user) =>
        PlatformPrincipal.From(user) ?? throw new InvalidOperationException("The data catalogue policy admits signed-in principals only.");

    private static async Task<IResult> List(string? q, long? department, string? sharing, string? open, string? after, int? pageSize, ResourceSearch search, CancellationToken ct)
    {
        var errors = new OneWindow.Shared.Http.ValidationErrors();
        if (!Cursor.TryDecodeOptional(after, out var afterId)) errors.Add("after", DataCatalogText.T("datacatalog.cursor"));
        if (sharing != null && !SharingClasses.All.Contains(sharing)) errors.Add("sharing", DataCatalogText.T("datacatalog.choose_one"));
        if (open != null && !OpenClasses.All.Contains(open)) errors.Add("open", DataCatalogText.T("datacatalog.choose_one"));
        if (pageSize is < 1 or > ResourceSearch.MaxPageSize) errors.Add("pageSize", DataCatalogText.T("datacatalog.page_size", ResourceSearch.MaxPageSize));
        if (!errors.IsValid)
        {
            return DataCatalogText.Invalid(errors).ToProblem();
        }

        var page = await search.SearchAsync(new ResourceQuery(q, department, sharing, open, afterId, pageSize ?? 20), ct);
        return TypedResults.Ok(new ResourceListResponse(page.Items, page.NextAfter is { } next ? Cursor.Encode(next) : null));
    }

    private static async Task ExportCsv(HttpContext context, CatalogueExport export, CancellationToken ct)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"data-resources.csv\"";
        await export.WriteCsvAsync(context.Response.Body, ct);
    }

    private static async Task ExportJson(HttpContext context, CatalogueExport export, CancellationToken ct)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"data-resources.json\"";
        await export.WriteJsonAsync(context.Response.Body, ct);
    }

    private static async Task<IResult> Get(string code, int? version, ClaimsPrincipal user, ResourceReader reader, CancellationToken ct) =>
        Respond(await reader.GetAsync(code, version, Principal(user), ct), v => TypedResults.Ok(ResourceResponse.From(v)));

    private static async Task<IResult> Versions(string code, ClaimsPrincipal user, ResourceReader reader, CancellationToken ct) =>
        Respond(await reader.VersionsAsync(code, Principal(user), ct), TypedResults.Ok);

    private static async Task<IResult> Diff(string code, int? from, int? to, ClaimsPrincipal user, ResourceReader reader, CancellationToken ct) =>
        Respond(await reader.DiffAsync(code, from, to, Principal(user), ct), TypedResults.Ok);

    private static async Task<IResult> Create(ResourceInput body, ClaimsPrincipal user, ResourceEditor editor, ResourceReader reader, CancellationToken ct)
    {
        var principal = Principal(user);
        var created = await editor.CreateAsync(body, principal, ct);
        if (created.Failure is { } failure)
        {
            return failure.ToProblem();
        }

        var view = await reader.GetAsync(created.Value!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, principal, ct);
        return TypedResults.Created($"/api/v1/data-resources/{view.Value!.Key}", ResourceResponse.From(view.Value));
    }

    private static async Task<IResult> Update(string code, ResourceInput body, ClaimsPrincipal user, ResourceEditor editor, ResourceReader reader, CancellationToken ct) =>
        await LatestAsync(await editor.UpdateAsync(code, body, Principal(user), ct), user, reader, ct);

    private static async Task<IResult> Submit(string code, ClaimsPrincipal user, ResourceEditor editor, ResourceReader reader, CancellationToken ct) =>
        await LatestAsync(await editor.SubmitAsync(code, Principal(user), ct), user, reader, ct);

    private static async Task<IResult> Publish(string code, ClaimsPrincipal user, ResourceEditor editor, ResourceReader reader, CancellationToken ct) =>
        await LatestAsync(await editor.PublishAsync(code, Principal(user), ct), user, reader, ct);

    private static async Task<IResult> Return(string code, ReturnRequest body, ClaimsPrincipal user, ResourceEditor editor, ResourceReader reader, CancellationToken ct) =>
        await LatestAsync(await editor.ReturnAsync(code, body.Reason, Principal(user), ct), user, reader, ct);

    /// <summary>After a change: the resource's latest version as its editor sees it.</summary>
    private static async Task<IResult> LatestAsync(Outcome<DataResource> changed, ClaimsPrincipal user, ResourceReader reader, CancellationToken ct)
    {
        if (changed.Failure is { } failure)
        {
            return failure.ToProblem();
        }

        var resource = changed.Value!;
        var key = resource.Code != null ? DataResourceCodes.ToUrl(resource.Code) : resource.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Respond(await reader.GetAsync(key, resource.LatestVersion, Principal(user), ct), v => TypedResults.Ok(ResourceResponse.From(v)));
    }

    private static IResult Respond<T>(Outcome<T> result, Func<T, IResult> ok) => result.Failure is { } failure ? failure.ToProblem() : ok(result.Value!);
}

public sealed record ReturnRequest(string? Reason);

public sealed record ResourceListResponse(IReadOnlyList<ResourceHit> Items, string? NextCursor);

public sealed record ResourceResponse(
    long Id, string? Code, string Key, int Version, string State, DateOnly? PublishedOn, int LatestVersion, string LatestState, int? PublishedVersion,
    string? ReturnReason, ResourceMetadata Metadata)
{
    public static ResourceResponse From(ResourceView v) =>
        new(v.Id, v.Code, v.Key, v.Version, v.State, v.PublishedOn, v.LatestVersion, v.LatestState, v.PublishedVersion, v.ReturnReason, v.Metadata);
}
