namespace OneWindow.Shared.Messaging;

/// <summary>
/// Sends a short text (SMS, or email where that is all the applicant gave) to an applicant by subject, through the
/// identity module's pluggable sender. Modules that do not hold contact details (case handling) notify through this
/// port. Best effort: false when the applicant has no verified contact or no gateway is configured.
/// </summary>
public interface IApplicantMessenger
{
    Task<bool> NotifyAsync(string applicantSubject, string text, CancellationToken ct);
}
