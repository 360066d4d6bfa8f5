using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Shared.Cases;

namespace OneWindow.Cases.Features.References;

/// <summary>Implements <see cref="ICaseReferences"/> with one indexed read by case number.</summary>
internal sealed class CaseReferences(CasesDbContext db) : ICaseReferences
{
    public async Task<CaseReference?> FindAsync(string caseNumber, CancellationToken ct)
    {
        var found = await db.Cases.AsNoTracking().Where(c => c.Number == caseNumber)
            .Select(c => new { c.Number, c.DepartmentId, c.ApplicantSubject, c.Status }).FirstOrDefaultAsync(ct);
        return found == null ? null
            : new CaseReference(found.Number!, found.DepartmentId, found.ApplicantSubject, found.Status != CaseStatus.Draft && !CaseStatus.IsFinal(found.Status));
    }
}
