using Microsoft.AspNetCore.Mvc;
using OneWindow.Files.Features;
using OneWindow.Files.Features.Checks;
using OneWindow.Files.Features.Library;
using OneWindow.Shared.Files;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Web;

namespace OneWindow.Files.Pages.Account.Files;

/// <summary>我的材料: the citizen's materials library (or, while acting for an enterprise, the enterprise's) — upload a
/// PDF, JPG or PNG once and reuse it in later applications; newest first, keyset-paged.</summary>
public sealed class IndexModel(FileLibrary library, FilesSettings settings) : CitizenPage
{
    public const int PageSize = 20;

    public IReadOnlyList<StoredFile> Files { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public long MaxBytes => settings.MaxBytes;

    public bool ForEnterprise => ActingFor != null;

    [BindProperty(SupportsGet = true)] public string? Before { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public IFormFile? Upload { get; set; }

    public FormErrors Errors { get; } = new();

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload == null)
        {
            Errors.Add("file", FilesText.T("files.field.file"), FilesText.T("files.choose_file"));
        }
        else
        {
            await using var stream = Upload.OpenReadStream();
            var result = await library.UploadAsync(FileOwners.Of(Principal)!, Principal.Subject, Upload.FileName, stream, ct);
            if (result.Succeeded)
            {
                return RedirectToPage(new { Done = "uploaded" });
            }

            Errors.Add("file", FilesText.T("files.field.file"), result.Rejection!.Message);
        }

        // The form posts back to the page's address, which may still carry ?Done=uploaded from the last upload.
        Before = null;
        Done = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    public static string TypeName(string mediaType) => FileKinds.ByMediaType(mediaType)?.Extension.TrimStart('.').ToUpperInvariant() ?? mediaType;

    public string Link(string? before) => "/account/files" + (before != null ? "?before=" + Uri.EscapeDataString(before) : "");

    private async Task LoadAsync(CancellationToken ct)
    {
        long? before = Cursor.TryDecode(Before, out var id) ? id : null;
        var rows = await library.ListOwnedAsync(FileOwners.Of(Principal)!, before, PageSize + 1, ct);
        Files = rows.Take(PageSize).ToList();
        NextCursor = rows.Count > PageSize ? Cursor.Encode(Files[^1].Id) : null;
    }
}
