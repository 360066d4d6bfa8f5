using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Cases.Domain;
using OneWindow.Shared;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Registry;

namespace OneWindow.Cases.Features.CertificateFree;

/// <summary>One value read for a fact: <see cref="Known"/> false when the data is not available at all (no registry,
/// no licence library, a self-declared applicant, no golden record); <see cref="Value"/> null when it is known to be
/// absent. <see cref="Source"/> names who vouches for it (shown next to prefilled fields).</summary>
public readonly record struct FactValue(bool Known, string? Value, string? Source)
{
    public static readonly FactValue Unknown = new(false, null, null);
}

/// <summary>What the platform knows about an applicant from their real-name identity, the base registries and their
/// e-licences, read once per action and only for the applicant's own code. Self-declared applicants (assurance 1)
/// get nothing: their name and code were never checked.</summary>
public sealed class ApplicantFacts(ApplicantProfile? profile, RegistryRecord? person, RegistryRecord? legalPerson, bool registryAvailable,
    IReadOnlyList<HeldLicence>? licences, DateOnly today, IReadOnlyDictionary<string, string?> answers)
{
    public ApplicantProfile? Profile => profile;

    public bool RealName => profile is { IsRealName: true };

    public IReadOnlyList<HeldLicence> Licences => licences ?? [];

    public bool LicencesAvailable => licences != null;

    public RegistryRecord? RecordOf(string kind) => kind == FactPath.Person ? person : kind == FactPath.LegalPerson ? legalPerson : null;

    /// <summary>True when the kind of record exists for this applicant at all (a person has no legal-person record).</summary>
    private bool RegistryApplies(string kind) =>
        RealName && registryAvailable && (kind == FactPath.Person ? profile!.IsPerson : profile!.CodeType == ApplicantProfile.EnterpriseCodeType);

    public HeldLicence? Licence(string typeRef) => Licences.FirstOrDefault(l => l.TypeName == typeRef || l.TypeCode == typeRef);

    public FactValue Read(FactPath path)
    {
        switch (path.Source)
        {
            case FactPath.Answers:
                return new FactValue(true, answers.TryGetValue(path.Field!, out var a) && !string.IsNullOrWhiteSpace(a) ? a : null, CaseText.Stored("cases.applicant_2"));
            case FactPath.Applicant:
                return RealName ? new FactValue(true, path.Field == "name" ? profile!.Name : profile!.Code, CaseText.Stored("cases.verified_identity")) : FactValue.Unknown;
            case FactPath.Person or FactPath.LegalPerson:
                if (!RegistryApplies(path.Source))
                {
                    return FactValue.Unknown;
                }

                var record = RecordOf(path.Source);
                if (path.Field == null)
                {
                    return new FactValue(true, record == null ? null : CaseText.Stored("cases.on_record"), record?.Fields.Values.FirstOrDefault()?.SourceName);
                }

                if (record == null)
                {
                    return FactValue.Unknown;
                }

                if (path.Field == FactPath.Age)
                {
                    return record.Fields.TryGetValue("birthDate", out var born) && DateOnly.TryParseExact(born.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
                        ? new FactValue(true, AgeOn(birth, today).ToString(CultureInfo.InvariantCulture), born.SourceName)
                        : new FactValue(true, null, null);
                }

                return record.Fields.TryGetValue(path.Field, out var fact) ? new FactValue(true, fact.Value, fact.SourceName) : new FactValue(true, null, null);
            case FactPath.Licence:
                if (!RealName || licences == null)
                {
                    return FactValue.Unknown;
                }

                var licence = Licence(path.Name!);
                if (licence == null)
                {
                    return new FactValue(true, null, null);
                }

                var source = CaseText.Stored("cases.e_licence", licence.TypeName, licence.IssuerName);
                return new FactValue(true, path.Field switch
                {
                    null or "number" => licence.Number,
                    "holderName" => licence.HolderName,
                    "issuer" => licence.IssuerName,
                    "issuedOn" => licence.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    "validUntil" => licence.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    var key => licence.Data.TryGetValue(key, out var v) ? v : null,
                }, source);
            default:
                return FactValue.Unknown;
        }
    }

    public static int AgeOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        return birth.AddYears(age) > day ? age - 1 : age;
    }
}

/// <summary>Reads <see cref="ApplicantFacts"/> through the optional ports: without a registry or licence library
/// registered (those modules not installed) the matching facts are simply unknown and the features switch off.</summary>
public sealed class ApplicantFactsReader(IServiceProvider services, TimeProvider clock)
{
    public IBaseRegistry? Registry => services.GetService<IBaseRegistry>();

    public ILicenceLibrary? Library => services.GetService<ILicenceLibrary>();

    public Task<ApplicantProfile?> ProfileAsync(string applicantSubject, CancellationToken ct) =>
        services.GetService<IApplicantDirectory>() is { } directory ? directory.ProfileAsync(applicantSubject, ct) : Task.FromResult<ApplicantProfile?>(null);

    public async Task<ApplicantFacts> ReadAsync(string applicantSubject, IReadOnlyDictionary<string, string?> answers, CancellationToken ct)
    {
        var profile = await ProfileAsync(applicantSubject, ct);
        var today = ChinaTime.Today(clock);
        if (profile is not { IsRealName: true })
        {
            return new ApplicantFacts(profile, null, null, false, null, today, answers);
        }

        var registry = Registry;
        RegistryRecord? person = null, legal = null;
        if (registry != null)
        {
            if (profile.IsPerson)
            {
                person = await registry.PersonAsync(profile.Code, ct);
            }
            else
            {
                legal = await registry.LegalPersonAsync(profile.Code, ct);
            }
        }

        var licences = Library is { } library ? await library.HeldAsync(profile.Code, null, ct) : null;
        return new ApplicantFacts(profile, person, legal, registry != null, licences, today, answers);
    }
}
