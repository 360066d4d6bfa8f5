namespace OneWindow.Shared.Cases;

/// <summary>A case (办件) as a reference for other modules: the handling department, whose case it is, and whether it
/// is still open (submitted, not withdrawn, refused or closed).</summary>
public sealed record CaseReference(string Number, long DepartmentId, string ApplicantSubject, bool IsOpen);

/// <summary>
/// Read port on cases for modules that must check a cited case: the exchange admits a call under an "open cases" grant
/// only for the applicant of an open case of the consumer department. The cases module implements it; null for an
/// unknown number (drafts have none).
/// </summary>
public interface ICaseReferences
{
    Task<CaseReference?> FindAsync(string caseNumber, CancellationToken ct);
}
