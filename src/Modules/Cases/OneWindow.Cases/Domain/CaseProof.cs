namespace OneWindow.Cases.Domain;

/// <summary>
/// A required material satisfied without the applicant handing it in (免证办): proven by an e-licence the applicant
/// holds, by a base-registry record, or replaced by the applicant's written commitment (告知承诺制) that staff check
/// later. The verification as it stood when the case relied on it is kept here, so the officer never asks for paper
/// and an auditor can see what was checked.
/// </summary>
public sealed class CaseProof
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    /// <summary>Index into the case's frozen materials list.</summary>
    public int MaterialIndex { get; set; }

    /// <summary><see cref="ProofKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The licence relied on (证照标识), for licence proofs.</summary>
    public string? LicenceIdentifier { get; set; }

    public string? LicenceTypeName { get; set; }

    public string? LicenceNumber { get; set; }

    /// <summary>The registry fields relied on (comma separated keys), for registry proofs.</summary>
    public string? RegistryFields { get; set; }

    /// <summary>Who vouches: the issuing agency of the licence or the registry source (e.g. 市公安局户籍系统).</summary>
    public string SourceName { get; set; } = "";

    /// <summary>valid | revoked | expired | tampered | not_found | suspended at the last verification.</summary>
    public string VerifiedStatus { get; set; } = "";

    public string? VerifiedReason { get; set; }

    public DateTimeOffset VerifiedAt { get; set; }

    /// <summary>The commitment the applicant signed (告知承诺书 text), for commitment proofs.</summary>
    public string? CommitmentText { get; set; }

    /// <summary>confirmed | false (the later check, 事后核查), for commitment proofs.</summary>
    public string? CheckResult { get; set; }

    public string? CheckNote { get; set; }

    public DateTimeOffset? CheckedAt { get; set; }

    public string? CheckedBy { get; set; }
}

public static class ProofKinds
{
    public const string Licence = "licence";
    public const string Registry = "registry";
    public const string Commitment = "commitment";
}
