using OneWindow.Shared.Results;
using System.Text.Json;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Licences;

namespace OneWindow.Cases.Features.CertificateFree;

/// <summary>
/// The result licence (结果证照) of a case closed with approval: when the frozen guide version names a licence type the
/// licence library knows, the licence is issued through the case's own connection inside the transaction that closes
/// the case, so the case is never closed without its licence nor a licence issued for a case that did not close.
/// </summary>
public sealed class ResultLicences(IPublishedItems catalog, ApplicantFactsReader reader, TimeProvider clock)
{
    /// <summary>What to issue for <paramref name="c"/>, read before the transaction opens; null when the item has no
    /// licence result, the library is not installed or does not know the type, or the applicant is unknown. The
    /// licence's data (照面信息) comes from the applicant's golden registry record (real-name applicants) overridden by
    /// the case's answers; <see cref="ResultLicencePlan.Missing"/> lists required fields neither provides.</summary>
    public async Task<ResultLicencePlan?> PlanAsync(Case c, CancellationToken ct)
    {
        if (reader.Library is not { } library || c.ResultLicenceIdentifier != null)
        {
            return null;
        }

        if (await catalog.ResultLicenceTypeAsync(c.ServiceItemId, c.ItemVersion, ct) is not { Length: > 0 } type || !await library.TypeExistsAsync(type, ct))
        {
            return null;
        }

        var profile = await reader.ProfileAsync(c.ApplicantSubject, ct);
        if (profile == null)
        {
            return null;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (profile.IsRealName && reader.Registry is { } registry
            && await (profile.IsPerson ? registry.PersonAsync(profile.Code, ct) : registry.LegalPersonAsync(profile.Code, ct)) is { } record)
        {
            foreach (var (key, fact) in record.Fields)
            {
                data[key] = fact.Value;
            }

            // Licences print one address: a person's household address, an entity's registered address.
            if (record.Value(profile.IsPerson ? "householdAddress" : "address") is { } address)
            {
                data["address"] = address;
            }
        }

        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        foreach (var (key, value) in answers.Where(a => !string.IsNullOrEmpty(a.Value)))
        {
            data[key] = value!;
        }

        var request = new LicenceIssue(type, profile.Name, profile.Code, profile.CodeType, c.DepartmentId, c.Number ?? "", ChinaTime.Today(clock), data);
        // A life event's results often belong to someone else than the applicant (a newborn's 出生医学证明, a new company's
        // 营业执照) whose code only exists once another case of the event is decided: the department issues those.
        return c.BundleId != null
            ? new ResultLicencePlan(request, ["持证人（一件事的结果证照由发证部门按实际持证人发放）"])
            : new ResultLicencePlan(request, await library.MissingFieldsAsync(request, ct));
    }

    /// <summary>Issues inside the current transaction of <paramref name="db"/>; a failure becomes a
    /// <see cref="CaseRefusedException"/> so the close rolls back with a clear problem.</summary>
    internal async Task IssueWithinAsync(CasesDbContext db, Case c, ResultLicencePlan plan, CaseRecorder recorder, CaseActor actor, CancellationToken ct)
    {
        if (plan.Missing.Count > 0)
        {
            // The decision stands and is delivered (Art. 44 sets its deadline); the licence's face needs data this item
            // does not collect, so the issuing department completes it in its own system and imports it (docs/licences.md).
            recorder.History(c, "licence_pending", actor, c.DepartmentName,
                CaseText.Stored("cases.result_licence_was_not_issued", string.Join("、", plan.Missing)), isPublic: false);
            return;
        }

        try
        {
            var request = plan.Request;
            var licence = await reader.Library!.IssueWithinAsync(db, request with { SourceReference = c.Number ?? request.SourceReference }, ct);
            c.ResultLicenceIdentifier = licence.Identifier;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            c.ResultLicenceIdentifier = null;
            throw new CaseRefusedException(CaseFailures.Unavailable("cases.result_licence_could_not_issued", "cases.result_licence_not_issued"));
        }
    }
}

/// <summary>The licence to issue and the required data fields it still lacks (none: issue it).</summary>
public sealed record ResultLicencePlan(LicenceIssue Request, IReadOnlyList<string> Missing);
