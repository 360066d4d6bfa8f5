using OneWindow.Shared.Security;

namespace OneWindow.Shared.Cases;

/// <summary>How starting an application (在线申请) ended: the draft case's id, or the HTTP status and the message
/// ("中文 / English") of why it could not start.</summary>
public sealed record ApplicationStart(long? CaseId, int Status, string? Detail)
{
    public bool Succeeded => CaseId is not null;
}

/// <summary>
/// Starts an applicant's draft case for a published item, for pages of other modules (the catalogue's item guide has
/// the "apply online" button). Case handling implements it with the same checks as its own API.
/// </summary>
public interface IApplicationStarter
{
    Task<ApplicationStart> StartAsync(PlatformPrincipal applicant, long itemId, CancellationToken ct);
}
