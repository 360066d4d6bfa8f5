using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Catalog.Features.Regions;
using OneWindow.Catalog.Features.Search;
using OneWindow.Catalog.Features.Transfer;
using OneWindow.Shared.Http;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Features.Api;

/// <summary>/api/v1/catalog: the catalogue for department systems and the upper-level platform. Reads of published
/// items are public; changes need a signed-in catalogue editor or reviewer.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").WithTags("Catalog");

        group.MapGet("/items", ListItems).WithName("ListCatalogItems").PublicEndpoint()
            .WithSummary("Search and list published items")
            .WithDescription("Chinese substring/word queries, pinyin (huzhao) and initials (hz); filters by department key, target (1-6), topic, type, online depth and region (GB/T 2260, includes sub-regions). `page`/`pageSize` (≤100) for people; `after` (cursor from nextCursor, empty for the first page) for bulk reads in id order. `total` is exact up to 10,000, beyond that totalIsLowerBound is true.");
        group.MapGet("/items/{id:long}", GetItem).WithName("GetCatalogItem").PublicEndpoint().WithSummary("The published guide of an item");
        group.MapGet("/items/by-code/{implementationCode}", GetItemByCode).WithName("GetCatalogItemByCode").PublicEndpoint().WithSummary("The published guide by implementation code (实施编码)");
        group.MapGet("/items/{id:long}/versions", ListVersions).WithName("ListCatalogItemVersions").PublicEndpoint().WithSummary("Published versions of an item, newest first");
        group.MapGet("/items/{id:long}/versions/{version:int}", GetVersion).WithName("GetCatalogItemVersion").PublicEndpoint().WithSummary("One published (or superseded) version of an item");
        group.MapGet("/items/{id:long}/diff", Diff).WithName("DiffCatalogItemVersions").PublicEndpoint().WithSummary("Element-by-element changes between two published versions");
        group.MapGet("/departments", ListDepartments).WithName("ListDepartments").PublicEndpoint().WithSummary("Implementing agencies with a portal window");
        group.MapGet("/regions", ListRegions).WithName("ListRegions").PublicEndpoint().WithSummary("GB/T 2260 divisions: top level, or the children of `parent`");
        group.MapGet("/regions/{code}", GetRegion).WithName("GetRegion").PublicEndpoint().WithSummary("One GB/T 2260 division");

        var edit = group.MapGroup("").RequireAuthorization(CatalogPolicies.Staff).RequireScopes(CatalogScopes.Read, CatalogScopes.Write);
        edit.MapPost("/items", CreateItem).WithName("CreateCatalogItem").WithSummary("Create an implementation-list item as a draft");
        edit.MapPut("/items/{id:long}/draft", SaveDraft).WithName("SaveCatalogItemDraft").WithSummary("Save the working draft (a published item gets a new version)");
        edit.MapPost("/items/{id:long}/submit", (long id, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) => Run(user, a => editor.SubmitAsync(id, a, ct))).WithName("SubmitCatalogItem").WithSummary("Submit the draft for review");
        edit.MapPost("/items/{id:long}/approve", (long id, ReviewRequest body, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) => Run(user, a => editor.ApproveAsync(id, body.Comment, a, ct))).WithName("ApproveCatalogItem").WithSummary("Approve the submitted version (编办/法制审核)");
        edit.MapPost("/items/{id:long}/return", (long id, ReviewRequest body, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) => Run(user, a => editor.ReturnAsync(id, body.Comment, a, ct))).WithName("ReturnCatalogItem").WithSummary("Return the version to the editor with comments");
        edit.MapPost("/items/{id:long}/publish", (long id, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) => Run(user, a => editor.PublishAsync(id, a, ct))).WithName("PublishCatalogItem").WithSummary("Publish the approved version");
        edit.MapPost("/items/{id:long}/suspend", (long id, ReasonRequest body, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) => Run(user, a => editor.SuspendAsync(id, body.Reason, a, ct))).WithName("SuspendCatalogItem").WithSummary("Suspend a published item with a reason");
        edit.MapPost("/items/{id:long}/resume", (long id, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) => Run(user, a => editor.ResumeAsync(id, a, ct))).WithName("ResumeCatalogItem").WithSummary("Offer a suspended or withdrawn item again");
        edit.MapPost("/items/{id:long}/unpublish", (long id, ReasonRequest body, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) => Run(user, a => editor.UnpublishAsync(id, body.Reason, a, ct))).WithName("UnpublishCatalogItem").WithSummary("Withdraw an item from the portal with a reason");
        group.MapPost("/regions/import", ImportRegions).RequireAuthorization(CatalogPolicies.PlatformAdmin).RequireScope(CatalogScopes.Write).DisableAntiforgery()
            .WithName("ImportRegions").WithSummary("Import a GB/T 2260 revision (TSV: Source, Revision, Code, Name)");
        app.MapCatalogTransferApi();
        return app;
    }

    private static async Task<Results<Ok<ItemListResponse>, ValidationProblem>> ListItems(
        string? q, int? page, int? pageSize, string? department, int? target, string? topic, string? type, int? depth, string? region, string? after,
        HttpContext http, CatalogSearch search, CatalogReader reader, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var size = pageSize ?? 20;
        var pageNo = page ?? 1;
        if (size is < 1 or > CatalogSearch.MaxPageSize) errors.Add("pageSize", $"pageSize 应为 1 至 {CatalogSearch.MaxPageSize}");
        if (pageNo < 1) errors.Add("page", "page 应从 1 开始");
        else if ((long)pageNo * size > CatalogSearch.CountCap) errors.Add("page", $"最多翻到第 {CatalogSearch.CountCap} 条；批量读取请使用 after 游标");
        if (q is { Length: > 100 }) errors.Add("q", "搜索词不能超过100个字符");
        if (target is { } t && !CatalogCodes.IsKnown(CatalogCodes.Targets, t)) errors.Add("target", "服务对象代码应为 1 至 6");
        if (depth is { } d && !CatalogCodes.IsKnown(CatalogCodes.OnlineDepths, d)) errors.Add("depth", "网上办理深度应为 1 至 4");
        if (type != null && !CatalogCodes.IsKnown(CatalogCodes.ItemTypes, type)) errors.Add("type", "事项类型代码无效，例如 01 行政许可");
        if (region != null && !Region.IsWellFormed(region)) errors.Add("region", "行政区划代码应为6位数字");
        if (topic is { Length: > 20 }) errors.Add("topic", "服务主题不能超过20个字符");
        long? afterId = null;
        if (http.Request.Query.ContainsKey("after"))
        {
            if (string.IsNullOrEmpty(after)) afterId = 0;
            else if (Cursor.TryDecode(after, out var last)) afterId = last;
            else errors.Add("after", "游标无效：请使用上一页返回的 nextCursor");
        }

        var departments = await reader.DepartmentsAsync(ct);
        long? departmentId = null;
        if (department != null)
        {
            departmentId = departments.FirstOrDefault(x => x.Key == department)?.Id;
            if (departmentId == null) errors.Add("department", $"没有代码为 {department} 的部门");
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "查询参数有误");
        }

        var result = await search.SearchAsync(new SearchRequest
        {
            Q = q, DepartmentId = departmentId, Target = target, Topic = topic, ItemType = type, OnlineDepth = depth,
            RegionCode = region, Page = pageNo, PageSize = size, AfterId = afterId,
        }, ct);
        var byId = departments.ToDictionary(x => x.Id);
        var items = result.Items.Select(h => new ItemListEntry(
            h.Id, h.Name, h.ImplementationCode,
            byId.TryGetValue(h.DepartmentId, out var dep) ? new DepartmentRef(dep.Key, dep.Name, dep.CreditCode) : null,
            h.RegionCode, h.ItemType, TargetCodes(h.Targets), h.OnlineDepth, h.PromisedDays, h.Visits, h.Summary, h.Suspended, h.Version)).ToList();
        var next = afterId != null && result.HasMore && result.LastId is { } lastId ? Cursor.Encode(lastId) : null;
        return TypedResults.Ok(new ItemListResponse(items, result.Total, result.TotalIsLowerBound, next));
    }

    private static int[] TargetCodes(int bits) => Enumerable.Range(1, 6).Where(code => (bits & (1 << code)) != 0).ToArray();

    private static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> GetItem(long id, CatalogReader reader, CancellationToken ct)
    {
        var item = await reader.PublishedAsync(id, ct);
        return item == null ? NotFound("catalog.published_item_not_found", id) : TypedResults.Ok(ItemResponse.From(item));
    }

    private static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> GetItemByCode(string implementationCode, CatalogReader reader, CancellationToken ct)
    {
        var id = implementationCode.Length <= 64 ? await reader.IdByImplementationCodeAsync(implementationCode, ct) : null;
        var item = id == null ? null : await reader.PublishedAsync(id.Value, ct);
        return item == null ? NotFound("catalog.published_code_not_found") : TypedResults.Ok(ItemResponse.From(item));
    }

    private static async Task<Results<Ok<List<VersionEntry>>, ProblemHttpResult>> ListVersions(long id, CatalogReader reader, CancellationToken ct)
    {
        var versions = await reader.VersionsAsync(id, publishedOnly: true, ct);
        return versions.Count == 0 ? NotFound("catalog.published_item_not_found", id) : TypedResults.Ok(versions.Select(VersionEntry.From).ToList());
    }

    private static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersion(long id, int version, CatalogReader reader, CancellationToken ct)
    {
        var detail = await reader.VersionAsync(id, version, publishedOnly: true, ct);
        return detail == null
            ? NotFound("catalog.published_version_not_found", id, version)
            : TypedResults.Ok(new VersionResponse(detail.ItemId, detail.ImplementationCode, VersionEntry.From(detail.Version), detail.Guide));
    }

    private static async Task<Results<Ok<DiffResponse>, ProblemHttpResult, ValidationProblem>> Diff(long id, int? from, int? to, CatalogReader reader, CancellationToken ct)
    {
        if (from is null or < 1 || to is null or < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["请用 from 和 to 指定两个版本号（从1开始）"] }, title: "查询参数有误");
        }

        var left = await reader.VersionAsync(id, from.Value, publishedOnly: true, ct);
        var right = await reader.VersionAsync(id, to.Value, publishedOnly: true, ct);
        if (left == null || right == null)
        {
            return NotFound("catalog.published_version_not_found", id, left == null ? from : to);
        }

        return TypedResults.Ok(new DiffResponse(id, from.Value, to.Value, VersionDiff.Compare(left.Guide, right.Guide)));
    }

    private static async Task<Ok<List<DepartmentSummary>>> ListDepartments(CatalogReader reader, CancellationToken ct) =>
        TypedResults.Ok((await reader.DepartmentsAsync(ct)).ToList());

    private static async Task<Results<Ok<List<RegionResponse>>, ValidationProblem>> ListRegions(string? parent, CatalogDbContext db, CancellationToken ct)
    {
        if (parent != null && !Region.IsWellFormed(parent))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["parent"] = ["行政区划代码应为6位数字"] }, title: "查询参数有误");
        }

        var rows = await db.Regions.AsNoTracking().Where(r => parent == null ? r.Level == 1 : r.ParentCode == parent).OrderBy(r => r.Code)
            .Select(r => new RegionResponse(r.Code, r.Name, r.Level, r.ParentCode, r.Revision, r.Withdrawn)).ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<Ok<RegionResponse>, ProblemHttpResult>> GetRegion(string code, CatalogDbContext db, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().Where(r => r.Code == code)
            .Select(r => new RegionResponse(r.Code, r.Name, r.Level, r.ParentCode, r.Revision, r.Withdrawn)).FirstOrDefaultAsync(ct);
        return region == null ? NotFound("catalog.region_not_found", code) : TypedResults.Ok(region);
    }

    private static async Task<Results<Ok<RegionImportReport>, ValidationProblem>> ImportRegions(HttpRequest request, ClaimsPrincipal user, RegionImporter importer, CatalogDbContext db, CancellationToken ct)
    {
        if (request.ContentLength is > 5_000_000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["文件不能超过5 MB"] }, title: "导入失败");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var report = await importer.ImportAsync(request.Body, user.Identity?.Name ?? "unknown", ct);
        if (!report.Succeeded)
        {
            return TypedResults.ValidationProblem(
                report.Errors.GroupBy(e => $"line {e.Line}: {e.Column}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "导入失败，未导入任何数据");
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(report);
    }

    private static async Task<IResult> CreateItem(CreateItemRequest body, ClaimsPrincipal user, CatalogEditor editor, CatalogReader reader, CancellationToken ct)
    {
        if (body.Guide == null)
        {
            return Failure.Invalid("catalog.guide_required", CatalogText.T("catalog.request_invalid"), "guide", CatalogText.T("catalog.guide_required")).ToProblem();
        }

        var department = body.DepartmentKey == null ? null : await reader.DepartmentAsync(body.DepartmentKey, ct);
        if (department == null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["departmentKey"] = ["请填写有效的部门代码"] }, title: "请求有误");
        }

        return await Run(user, a => editor.CreateAsync(department.Id, body.RegionCode ?? department.RegionCode, body.Guide, a, ct), created: true);
    }

    private static Task<IResult> SaveDraft(long id, SaveDraftRequest body, ClaimsPrincipal user, CatalogEditor editor, CancellationToken ct) =>
        body.Guide == null
            ? Task.FromResult<IResult>(Failure.Invalid("catalog.guide_required", CatalogText.T("catalog.request_invalid"), "guide", CatalogText.T("catalog.guide_required")).ToProblem())
            : Run(user, a => editor.SaveDraftAsync(id, body.Guide, body.Revision, body.ChangeNote, a, ct));

    private static async Task<IResult> Run(ClaimsPrincipal user, Func<CatalogActor, Task<Outcome<EditResult>>> action, bool created = false)
    {
        var actor = CatalogClaims.ToActor(user);
        if (actor == null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "请先登录");
        }

        var outcome = await action(actor);
        if (!outcome.Succeeded)
        {
            return outcome.Failure!.ToProblem();
        }

        var result = outcome.Value!;
        return created
            ? TypedResults.Created($"/api/v1/catalog/items/{result.ItemId}", new EditResponse(result.ItemId, result.VersionNo))
            : TypedResults.Ok(new EditResponse(result.ItemId, result.VersionNo));
    }

    private static ProblemHttpResult NotFound(string code, params object?[] args) => CatalogText.Fail(FailureKind.NotFound, code, args).ToProblem();
}

public static class CatalogPolicies
{
    public const string Staff = "catalog-staff";
    public const string PlatformAdmin = PlatformPolicies.PlatformAdmin;
}
