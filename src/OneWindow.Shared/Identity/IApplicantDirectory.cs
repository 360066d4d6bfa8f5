namespace OneWindow.Shared.Identity;

/// <summary>Who an applicant is, in the terms base registries and licences use: a person by citizen ID number (code
/// type 111) or an enterprise by unified social credit code (code type 001), as GB/T 36903 names 持证主体代码类型.</summary>
/// <param name="Subject">"citizen:12" or "enterprise:5".</param>
/// <param name="Code">The full ID number or credit code. Personal data: never log it or put it in audit summaries.</param>
/// <param name="Assurance">For a citizen their assurance level (1 registered, 2 ID verified, 3 in person); an enterprise
/// answers 2 (its code was checked when it registered and agents act under a live authorization).</param>
public sealed record ApplicantProfile(string Subject, string Name, string Code, string CodeType, int Assurance)
{
    public const string PersonCodeType = "111";
    public const string EnterpriseCodeType = "001";

    public bool IsPerson => CodeType == PersonCodeType;

    /// <summary>Real-name users (实名用户) get data from registries and licences; self-declared ones do not.</summary>
    public bool IsRealName => Assurance >= 2;
}

/// <summary>
/// Resolves an applicant subject to its name and code for modules that do not hold identities (case handling looks
/// up the applicant's licences and registry records with it). The identity module implements it; null for an unknown
/// subject.
/// </summary>
public interface IApplicantDirectory
{
    Task<ApplicantProfile?> ProfileAsync(string applicantSubject, CancellationToken ct);
}
