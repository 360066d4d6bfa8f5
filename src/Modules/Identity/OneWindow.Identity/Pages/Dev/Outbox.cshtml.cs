using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Messaging;

namespace OneWindow.Identity.Pages.Dev;

/// <summary>
/// 开发发件箱: the text messages the development sender kept instead of sending (codes included), newest first.
/// Exists only in Development with the development sender: 404 in every other environment (Staging and the tests
/// included), whatever is configured — the codes shown here would let anyone take over any account.
/// </summary>
public sealed class OutboxModel(IMessageSender sender, IdentityDbContext db, IHostEnvironment environment) : PageModel
{
    public IReadOnlyList<OutgoingMessage> Messages { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Recipient { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!environment.IsDevelopment() || sender is not DevelopmentOutboxSender)
        {
            return NotFound();
        }

        var query = db.OutgoingMessages.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Recipient))
        {
            query = query.Where(m => m.Recipient == Recipient);
        }

        Messages = await query.OrderByDescending(m => m.Id).Take(50).ToListAsync(ct);
        return Page();
    }
}
