using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Identity;

namespace OneWindow.Identity.Features.Applicants;

/// <summary>IApplicantDirectory over the identity tables: a citizen's ID number is decrypted here, at the one place
/// that holds the key, and handed only to the module that asked for the applicant's own records.</summary>
public sealed class ApplicantDirectory(IdentityDbContext db, IdentityProtector protector) : IApplicantDirectory
{
    public async Task<ApplicantProfile?> ProfileAsync(string applicantSubject, CancellationToken ct)
    {
        if (!Subjects.TryParseApplicant(applicantSubject, out var kind, out var id))
        {
            return null;
        }

        if (kind == "citizen")
        {
            var citizen = await db.Citizens.AsNoTracking().Where(c => c.Id == id)
                .Select(c => new { c.Name, c.IdNumberCipher, c.AssuranceLevel }).FirstOrDefaultAsync(ct);
            return citizen == null ? null : new ApplicantProfile(applicantSubject, citizen.Name,
                protector.Decrypt(citizen.IdNumberCipher, ProtectedFields.CitizenIdNumber), ApplicantProfile.PersonCodeType, (int)citizen.AssuranceLevel);
        }

        var enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.Name, e.CreditCode }).FirstOrDefaultAsync(ct);
        return enterprise == null ? null : new ApplicantProfile(applicantSubject, enterprise.Name, enterprise.CreditCode, ApplicantProfile.EnterpriseCodeType, 2);
    }
}
