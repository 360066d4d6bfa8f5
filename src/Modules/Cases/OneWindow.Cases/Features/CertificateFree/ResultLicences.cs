using System.Text.Json;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Shared;
using OneWindow.Shared.Licences;

namespace OneWindow.Cases.Features.CertificateFree;

/// <summary>
/// The result licence (结果证照) of a case closed with approval: when the frozen guide version names a licence type the
/// licence library knows, the licence is issued through the case's own connection inside the transaction that closes
/// the case, so the case is never closed without its licence nor a licence issued for a case that did not close.
/// </summary>
public sealed class ResultLicences(CatalogReader catalog, ApplicantFactsReader reader, TimeProvider clock)
{
    /// <summary>What to issue for <paramref name="c"/>, read before the transaction opens; null when the item has no
    /// licence result, the library is not installed or does not know the type, or the applicant is unknown.</summary>
    public async Task<LicenceIssue?> PlanAsync(Case c, CancellationToken ct)
    {
        if (reader.Library is not { } library || c.ResultLicenceIdentifier != null)
        {
            return null;
        }

        var version = await catalog.VersionAsync(c.ServiceItemId, c.ItemVersion, publishedOnly: false, ct);
        if (version?.Guide.Result.LicenceType is not { Length: > 0 } type || !await library.TypeExistsAsync(type, ct))
        {
            return null;
        }

        var profile = await reader.ProfileAsync(c.ApplicantSubject, ct);
        if (profile == null)
        {
            return null;
        }

        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        return new LicenceIssue(type, profile.Name, profile.Code, profile.CodeType, c.DepartmentId, c.Number ?? "", ChinaTime.Today(clock),
            answers.Where(a => !string.IsNullOrEmpty(a.Value)).ToDictionary(a => a.Key, a => a.Value!));
    }

    /// <summary>Issues inside the current transaction of <paramref name="db"/>; a failure becomes a
    /// <see cref="CaseRefusedException"/> so the close rolls back with a clear problem.</summary>
    internal async Task IssueWithinAsync(CasesDbContext db, Case c, LicenceIssue plan, CancellationToken ct)
    {
        try
        {
            var licence = await reader.Library!.IssueWithinAsync(db, plan with { SourceReference = c.Number ?? plan.SourceReference }, ct);
            c.ResultLicenceIdentifier = licence.Identifier;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            c.ResultLicenceIdentifier = null;
            throw new CaseRefusedException(new CaseProblem(503, "电子证照发放失败 / Result licence not issued",
                "结果电子证照未能发放，办件未办结，请稍后重试。 / The result licence could not be issued; the case was not closed. Try again later."));
        }
    }
}
