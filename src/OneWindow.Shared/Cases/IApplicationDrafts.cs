using OneWindow.Shared.Security;

namespace OneWindow.Shared.Cases;

/// <summary>A new application's draft (办件草稿), or why none was started: an HTTP status and a message for people
/// ("中文 / English").</summary>
public sealed record DraftStart(long? CaseId, int Status, string? Message)
{
    public bool Started => CaseId != null;
}

/// <summary>Lets the catalogue's guide page start an application (在线申请) without knowing case handling: the cases
/// module implements it.</summary>
public interface IApplicationDrafts
{
    Task<DraftStart> StartAsync(PlatformPrincipal applicant, long itemId, CancellationToken ct);
}
