using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.SignIn;

/// <summary>An account found by its subject, tracked (so the guard can update it), with the session claims it gets.</summary>
public sealed record SubjectAccount(IHasCredentials Account, IReadOnlyList<Claim> Claims, bool Disabled);

/// <summary>Finds citizens and staff by subject ("citizen:12", "staff:3") for steps that follow the password, such
/// as the second factor, where the kind of account is known only from the pending subject.</summary>
public sealed class AccountDirectory(IdentityDbContext db)
{
    public async Task<SubjectAccount?> FindAsync(string? subject, CancellationToken ct)
    {
        if (!Subjects.TryParse(subject, out var kind, out var id))
        {
            return null;
        }

        if (kind == PlatformClaims.KindCitizen)
        {
            var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Id == id, ct);
            return citizen == null ? null : new SubjectAccount(citizen, AccountClaims.ForCitizen(citizen), false);
        }

        if (kind == PlatformClaims.KindStaff)
        {
            var staff = await db.Staff.Include(s => s.Roles).FirstOrDefaultAsync(s => s.Id == id, ct);
            return staff == null ? null : new SubjectAccount(staff, AccountClaims.ForStaff(staff), staff.DisabledAt != null);
        }

        return null;
    }
}
