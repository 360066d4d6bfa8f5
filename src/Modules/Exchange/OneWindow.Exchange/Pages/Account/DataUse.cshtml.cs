using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Exchange.Features.DataUse;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Exchange.Pages.Account;

/// <summary>数据使用记录: every read of the signed-in citizen's data through the exchange, with objections and answers,
/// and the same as a JSON download (part of the citizen's right to know).</summary>
public sealed class DataUseModel(DataUseLog dataUse) : CitizenPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public long LogId { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public DataUsePage Reads { get; private set; } = new([], null);

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await dataUse.ReadsAsync(Principal, Before, PageSize, ct);
        if (result.Failure is { } failure)
        {
            Problem = failure.Detail;
            return Page();
        }

        Reads = result.Value!;
        return Page();
    }

    /// <summary>The whole log as JSON (newest first), for the citizen to keep.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var all = new List<DataUseRead>();
        long? before = null;
        do
        {
            var page = await dataUse.ReadsAsync(Principal, before, 100, ct);
            if (page.Failure is { } failure)
            {
                return StatusCode(failure.Status);
            }

            all.AddRange(page.Value!.Reads);
            before = page.Value.NextBefore;
        }
        while (before != null && all.Count < 10_000);

        var json = JsonSerializer.SerializeToUtf8Bytes(new { exportedAt = DateTimeOffset.UtcNow, reads = all }, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        return File(json, "application/json", "data-use.json");
    }

    public async Task<IActionResult> OnPostObjectAsync(CancellationToken ct)
    {
        var result = await dataUse.ObjectAsync(Principal, LogId, Reason, ct);
        if (result.Failure is not { } failure)
        {
            return Redirect($"/account/data-use?done=objected#read-{LogId}");
        }

        if (failure.Kind == FailureKind.Invalid)
        {
            // The field's id carries the read's id: one objection form per read on the page.
            Errors.Add($"reason-{LogId}", Lang.L("异议理由", "Reason"), failure.ErrorFor("reason") ?? failure.Detail);
        }
        else
        {
            Problem = failure.Detail;
        }

        Response.StatusCode = failure.Status;
        Reads = (await dataUse.ReadsAsync(Principal, null, PageSize, ct)).Value ?? new([], null);
        return Page();
    }
}
