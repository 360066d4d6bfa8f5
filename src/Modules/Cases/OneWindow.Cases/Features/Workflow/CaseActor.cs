using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Workflow;

/// <summary>Who acts on a case: an applicant (citizen, or agent for an enterprise), a staff member, or a department
/// business system holding a client token. Built from <see cref="PlatformPrincipal"/> by the API and pages.</summary>
public sealed record CaseActor(string Subject, string Name, string Kind, long? DepartmentId, StaffScope Scope, string? ApplicantSubject, ISet<string> Scopes)
{
    public const string CasesWriteScope = "cases.write";
    public const string CasesReadScope = "cases.read";

    public bool IsStaff => Kind == PlatformClaims.KindStaff;

    public bool IsClient => Kind == PlatformClaims.KindClient;

    public bool IsApplicant => Kind == PlatformClaims.KindCitizen;

    public static CaseActor From(PlatformPrincipal principal, IEnumerable<string>? scopes = null) => new(
        principal.Subject,
        principal.Name,
        principal.Kind,
        principal.DepartmentId,
        principal.Scope,
        principal.ApplicantSubject,
        new HashSet<string>(scopes ?? principal.Scopes, StringComparer.Ordinal));

    /// <summary>True when this actor may act in <paramref name="role"/> on work of the department in the division. A
    /// department system acts for its own department when its token carries cases.write.</summary>
    public bool MayAct(string role, long departmentId, string regionCode) =>
        IsStaff ? Scope.Reaches(role, departmentId, regionCode)
        : IsClient && DepartmentId == departmentId && Scopes.Contains(CasesWriteScope);

    /// <summary>Reading a case: any handling role in the department, supervisors of the region, or the department's system.</summary>
    public bool MayRead(long departmentId, string regionCode) =>
        IsStaff ? new[] { StaffRoles.WindowOfficer, StaffRoles.Reviewer, StaffRoles.DepartmentAdmin, StaffRoles.Supervisor }.Any(r => Scope.Reaches(r, departmentId, regionCode))
        : IsClient && DepartmentId == departmentId && (Scopes.Contains(CasesReadScope) || Scopes.Contains(CasesWriteScope));
}
