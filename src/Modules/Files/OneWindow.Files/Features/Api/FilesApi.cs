using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using OneWindow.Files.Features.Checks;
using OneWindow.Files.Features.Library;
using OneWindow.Shared.Files;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Files.Features.Api;

public sealed record FileResponse(long Id, string FileName, string MediaType, long Length, string Sha256, DateTimeOffset UploadedAt, string ContentUrl)
{
    public static FileResponse From(StoredFile f) => new(f.Id, f.FileName, f.MediaType, f.Length, f.Sha256, f.UploadedAt, $"/api/v1/files/{f.Id}/content");
}

public sealed record FileListResponse(IReadOnlyList<FileResponse> Files, string? NextCursor);

/// <summary>/api/v1/files: a signed-in citizen's materials library (申请材料) — upload, list, download. While acting for
/// an enterprise the library is the enterprise's.</summary>
public static class FilesApi
{
    public const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/files").WithTags("Files").RequireScopes(FilesScopes.Read, FilesScopes.Write);
        // Cookie sessions are SameSite=Lax, so a cross-site form cannot post with one; bearer tokens carry no ambient
        // credentials. The endpoint reads the form itself, as the catalogue's CSV import does.
        group.MapPost("", Upload).RequireAuthorization(CitizenOnly).DisableAntiforgery()
            .WithName("UploadFile").WithSummary("Upload a file into the library (PDF, JPEG or PNG)")
            .Produces<FileResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithDescription("multipart/form-data with a `file` part. Checked in order: empty → `empty`; larger than Files:MaxBytes (10 MiB) → `too_large`; content not PDF (%PDF- … %%EOF), JPEG (FF D8 FF … FF D9) or PNG (signature + IHDR) → `type_not_allowed`; the name's extension disagrees with the content → `content_mismatch`. Refusals are 422 problems with the code in `code` and a message in `detail` (Chinese, or English with Accept-Language: en); nothing is stored. The owner is the citizen, or the enterprise they act for.");
        group.MapGet("", List).RequireAuthorization(CitizenOnly)
            .WithName("ListFiles").WithSummary("The library, newest first (keyset paging)")
            .Produces<FileListResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithDescription("`before` is the nextCursor of the previous page; `pageSize` 1-100 (default 50).");
        group.MapGet("/{id:long}/content", Content)
            .WithName("GetFileContent").WithSummary("Download a file (owner only)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Only the owner (the citizen, or an agent acting for the owning enterprise) gets the content; everyone else, signed in or not, gets the same 404 as for an unknown id. Sent as an attachment (RFC 5987 file name), never sniffed, never cached.");
        return app;
    }

    private static void CitizenOnly(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Kind, PlatformClaims.KindCitizen);

    private static async Task<IResult> Upload(HttpRequest request, ClaimsPrincipal user, FileLibrary library, FilesSettings settings, CancellationToken ct)
    {
        var principal = PlatformPrincipal.From(user)!;
        IFormFile? file = null;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(ct);
                file = form.Files.GetFile("file");
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Bodies beyond the server's request limit never reach the checks; they are too large all the same.
                return Refused(UploadChecks.TooLarge(settings.MaxBytes));
            }
            catch (InvalidDataException)
            {
                return FilesText.Invalid("files.upload_invalid", "file", "files.multipart_malformed").ToProblem();
            }
        }

        if (file == null)
        {
            return FilesText.Invalid("files.upload_invalid", "file", "files.file_required").ToProblem();
        }

        await using var stream = file.OpenReadStream();
        var result = await library.UploadAsync(FileOwners.Of(principal)!, principal.Subject, file.FileName, stream, ct);
        return result.Rejection is { } rejection
            ? Refused(rejection)
            : TypedResults.Created($"/api/v1/files/{result.File!.Id}", FileResponse.From(result.File!));
    }

    private static IResult Refused(FileRejection rejection) => FilesText.Refused(rejection).ToProblem();

    private static async Task<IResult> List(string? before, int? pageSize, ClaimsPrincipal user, FileLibrary library, CancellationToken ct)
    {
        var errors = new OneWindow.Shared.Http.ValidationErrors();
        long beforeId = 0;
        if (before != null && !Cursor.TryDecode(before, out beforeId))
        {
            errors.Add("before", FilesText.T("files.cursor_invalid"));
        }

        if (pageSize is < 1 or > FileLibrary.MaxPageSize)
        {
            errors.Add("pageSize", FilesText.T("files.page_size", FileLibrary.MaxPageSize));
        }

        if (!errors.IsValid)
        {
            return Failure.Invalid("files.invalid", FilesText.T("files.invalid"), errors).ToProblem();
        }

        var take = pageSize ?? DefaultPageSize;
        // One row more than asked tells whether there is a next page.
        var rows = await library.ListOwnedAsync(FileOwners.Of(PlatformPrincipal.From(user))!, before != null ? beforeId : null, take + 1, ct);
        var page = rows.Take(take).Select(FileResponse.From).ToList();
        return TypedResults.Ok(new FileListResponse(page, rows.Count > take ? Cursor.Encode(page[^1].Id) : null));
    }

    private static async Task<IResult> Content(long id, ClaimsPrincipal user, FileLibrary library, HttpResponse response, CancellationToken ct)
    {
        var owner = FileOwners.Of(PlatformPrincipal.From(user));
        var found = owner == null ? null : await library.OpenOwnedAsync(id, owner, ct);
        if (found is not var (file, content))
        {
            return FilesText.NotFound().ToProblem();
        }

        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.Stream(content, file.MediaType);
    }
}
