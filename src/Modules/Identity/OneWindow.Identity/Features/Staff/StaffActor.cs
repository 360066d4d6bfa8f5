using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.Staff;

/// <summary>Who is administering staff accounts: a signed-in staff member (read from the session's platform claims)
/// or the platform itself (demo seeding, test set-up), which acts as a platform admin without an account.</summary>
public sealed record StaffActor(string Subject, long? StaffId, StaffScope Scope)
{
    public static readonly StaffActor System = new("system", null, new StaffScope(null, null, new HashSet<string> { StaffRoles.PlatformAdmin }));

    /// <summary>Null unless the principal is a staff member.</summary>
    public static StaffActor? From(PlatformPrincipal? principal) =>
        principal is { IsStaff: true } ? new StaffActor(principal.Subject, principal.AccountId, principal.Scope) : null;

    public bool IsSelf(long staffId) => StaffId == staffId;
}
