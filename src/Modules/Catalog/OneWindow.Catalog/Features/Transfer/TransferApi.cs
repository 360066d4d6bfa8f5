using OneWindow.Shared.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Features.Api;

namespace OneWindow.Catalog.Features.Transfer;

public sealed record ImportAccepted(long JobId, string Status, string StatusUrl);

/// <summary>CSV import and export for department systems: POST /api/v1/catalog/import (multipart file or text/csv body)
/// answers 202 with a job to poll at GET /api/v1/catalog/import/{jobId}; GET /api/v1/catalog/export.csv streams.</summary>
public static class TransferApi
{
    public static IEndpointRouteBuilder MapCatalogTransferApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").WithTags("Catalog transfer").RequireScopes(CatalogScopes.Read, CatalogScopes.Write);
        group.MapPost("/import", Import).RequireAuthorization(CatalogPolicies.Staff).DisableAntiforgery()
            .WithName("ImportCatalogCsv").WithSummary("Import items from CSV (docs/catalog-csv.md); all rows or none")
            .WithDescription("multipart/form-data with a `file` part, or a text/csv body. `department` (key) puts every row into that department (editors: always their own); `publish=true` (platform admins) imports as published version 1. 202 with a job to poll; 400 with row/column errors for a malformed file; 413 above 20 MB.");
        group.MapGet("/import/{jobId:long}", GetJob).RequireAuthorization(CatalogPolicies.Staff)
            .WithName("GetCatalogImportJob").WithSummary("Progress and errors of an import job");
        group.MapGet("/export.csv", Export).WithName("ExportCatalogCsv").WithSummary("Items as CSV: published versions, or with versions=latest (staff) the latest ones")
            .WithDescription("Filters: `department` (key), `q` (name contains). Anyone gets published versions; signed-in staff may pass versions=latest (editors: own department).");
        return app;
    }

    private static async Task<IResult> Import(HttpRequest request, ClaimsPrincipal user, ImportJobs jobs, CatalogDbContext db, string? department, bool? publish, CancellationToken ct)
    {
        var actor = CatalogClaims.ToActor(user)!;
        if (request.ContentLength is > CatalogCsv.MaxBytes + 64 * 1024)
        {
            return TooLarge();
        }

        string? text;
        var fileName = "upload.csv";
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file == null)
            {
                return Problem(new Dictionary<string, string[]> { ["file"] = ["请选择要导入的 CSV 文件"] });
            }

            fileName = file.FileName;
            await using var stream = file.OpenReadStream();
            text = await ImportJobs.ReadTextAsync(stream, ct);
        }
        else
        {
            text = await ImportJobs.ReadTextAsync(request.Body, ct);
        }

        if (text == null)
        {
            return TooLarge();
        }

        long? target = null;
        if (!string.IsNullOrEmpty(department))
        {
            target = await db.Departments.Where(d => d.Key == department).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
            if (target == null)
            {
                return Problem(new Dictionary<string, string[]> { ["department"] = [$"没有代码为「{department}」的部门"] });
            }
        }

        var start = await jobs.StartAsync(new ImportRequest(fileName, text, target, publish == true), actor, ct);
        if (start.Forbidden != null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "无权操作", detail: start.Forbidden);
        }

        if (!start.Started)
        {
            return Problem(start.Errors.GroupBy(e => $"row {e.Row}: {e.Column}".TrimEnd(' ', ':')).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var url = $"/api/v1/catalog/import/{start.JobId}";
        return TypedResults.Accepted(url, new ImportAccepted(start.JobId, "queued", url));
    }

    private static async Task<IResult> GetJob(long jobId, ClaimsPrincipal user, ImportJobs jobs, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobId, CatalogClaims.ToActor(user)!, ct);
        return job == null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "未找到", detail: "导入任务不存在")
            : TypedResults.Ok(job);
    }

    private static async Task Export(HttpContext context, CatalogExporter exporter, CatalogDbContext db, string? department, string? q, string? versions, CancellationToken ct)
    {
        var actor = CatalogClaims.ToActor(context.User);
        long? departmentId = null;
        if (!string.IsNullOrEmpty(department))
        {
            departmentId = await db.Departments.Where(d => d.Key == department).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct) ?? -1;
        }

        var latest = versions == "latest" && actor is { CanEdit: true } or { CanReview: true };
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"catalog-{(latest ? "latest" : "published")}.csv\"";
        await exporter.WriteAsync(context.Response.Body, new ExportFilter(departmentId, q, latest), actor, ct);
    }

    private static IResult Problem(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "导入失败，未导入任何数据");

    private static IResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "文件过大", detail: "导入文件不能超过 20 MB，请拆分后分批导入");
}
