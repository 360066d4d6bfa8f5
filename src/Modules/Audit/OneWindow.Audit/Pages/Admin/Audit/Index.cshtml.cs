using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Audit.Features.Api;
using OneWindow.Audit.Features.Search;
using OneWindow.Audit.Features.Verify;
using OneWindow.Shared.Http;
using OneWindow.Shared.Security;

namespace OneWindow.Audit.Pages.Admin.Audit;

/// <summary>Search the audit log (filters in the query string, keyset paging newest first) and verify its hash chain
/// on request (?verify=1: it reads the whole log, so it is not run on every page view). Platform admins only.</summary>
[Authorize(Policy = PlatformPolicies.PlatformAdmin)]
public sealed class IndexModel(AuditSearch search, AuditVerifier verifier) : PageModel
{
    public string? Actor { get; private set; }

    public string? Action { get; private set; }

    public string? Target { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public ValidationErrors Errors { get; private set; } = new();

    public AuditPage Result { get; private set; } = new([], null);

    public VerifyResult? Verification { get; private set; }

    public async Task OnGetAsync(string? actor, string? action, string? target, string? from, string? to, string? after, string? verify, CancellationToken ct)
    {
        (Actor, Action, Target, From, To) = (actor, action, target, from, to);
        var (query, errors) = AuditApi.Parse(actor, action, target, from, to, after, null);
        Errors = errors;
        if (errors.IsValid)
        {
            Result = await search.SearchAsync(query, ct);
        }

        if (verify == "1")
        {
            Verification = await verifier.VerifyAsync(ct);
        }
    }

    /// <summary>The current filters plus the next page's position.</summary>
    public string NextLink(long after)
    {
        var query = new Dictionary<string, string?> { ["actor"] = Actor, ["action"] = Action, ["target"] = Target, ["from"] = From, ["to"] = To, ["after"] = after.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/audit", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
