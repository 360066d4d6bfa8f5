using OneWindow.Shared.Results;
using System.Globalization;
using OneWindow.Licences.Data;
using OneWindow.Licences.Features.Issuing;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Licences;

namespace OneWindow.Licences.Features.Import;

public sealed record ImportRecord(string? Type, string? HolderName, string? HolderCode, string? HolderCodeType, string? Number, DateOnly? IssuedOn,
    DateOnly? ValidFrom, DateOnly? ValidUntil, string? SourceReference, Dictionary<string, string>? Data);

public sealed record ImportRequest(List<ImportRecord>? Records);

public sealed record ImportResult(int Imported, IReadOnlyList<string> Identifiers);

/// <summary>
/// Bulk import of licences a department's own system issued before (存量证照): all or nothing per batch. Every record
/// is checked and signed with the department's key; any error rolls the whole batch back and the answer lists the
/// errors per record (records[i]). Re-importing a record with the same type and source reference returns the same licence.
/// </summary>
public sealed class LicenceImport(LicencesDbContext db, LicenceLibrary library, TimeProvider clock)
{
    public const int MaxRecords = 1000;

    public async Task<Outcome<ImportResult>> ImportAsync(ImportRequest request, LicenceActor actor, CancellationToken ct)
    {
        if (actor.ImportDepartment is not { } department)
        {
            return LicencesText.Fail(FailureKind.Forbidden, "licences.import_forbidden");
        }

        var records = request.Records ?? [];
        if (records.Count is 0 or > MaxRecords)
        {
            return LicencesText.Invalid("licences.import_invalid", LicencesText.Field("records", "licences.import_batch_size", MaxRecords));
        }

        var errors = new Dictionary<string, string[]>();
        var identifiers = new List<string>();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var field = $"records[{i}]";
            if (r.IssuedOn == null || r.IssuedOn > ChinaTime.Today(clock))
            {
                errors[field] = [LicencesText.T("licences.import_issued_on")];
                continue;
            }

            if (r.Number is { Length: > 64 } || (r.ValidUntil is { } until && until < (r.ValidFrom ?? r.IssuedOn.Value)))
            {
                errors[field] = [LicencesText.T("licences.import_number_validity")];
                continue;
            }

            try
            {
                var held = await library.IssueAsync(db, new LicenceIssue(r.Type ?? "", r.HolderName ?? "", r.HolderCode ?? "", r.HolderCodeType ?? "", department,
                    r.SourceReference ?? "", r.IssuedOn.Value, r.Data ?? []), new IssueOverrides(string.IsNullOrWhiteSpace(r.Number) ? null : r.Number.Trim(), r.ValidFrom, r.ValidUntil, StrictFields: true), ct);
                identifiers.Add(held.Identifier);
            }
            catch (ArgumentException e)
            {
                errors[field] = [e.Message.Split(" (Parameter", 2)[0]];
            }
        }

        if (errors.Count > 0)
        {
            await tx.RollbackAsync(ct);
            return LicencesText.Invalid("licences.import_records_invalid", errors, errors.Count);
        }

        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, department.ToString(CultureInfo.InvariantCulture), "licences.imported", "licence_batch",
            identifiers[0], $"导入 {identifiers.Count} 个证照 (imported {identifiers.Count} licences)"), now, ct);
        await tx.CommitAsync(ct);
        return LicencesText.Ok(new ImportResult(identifiers.Count, identifiers));
    }
}
