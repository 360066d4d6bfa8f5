using Microsoft.EntityFrameworkCore;

namespace OneWindow.Shared.Licences;

/// <summary>Verification outcomes of the public contract (POST /api/v1/licences/verify) plus "suspended".</summary>
public static class LicenceStatus
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Suspended = "suspended";
    public const string Expired = "expired";
    public const string Tampered = "tampered";
    public const string NotFound = "not_found";
}

/// <summary>An e-licence (电子证照) as other modules see it. <paramref name="Data"/> holds the licence type's own data
/// fields (照面信息) by key.</summary>
public sealed record HeldLicence(
    long Id,
    string Identifier,
    string TypeCode,
    string TypeName,
    string Number,
    string HolderName,
    string HolderCode,
    string IssuerName,
    DateOnly IssuedOn,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    IReadOnlyDictionary<string, string> Data);

/// <summary>The result of checking a licence: its signature against the issuing agency's key (current or rotated),
/// then revocation, suspension and validity on <c>today</c>. <paramref name="Reason"/> is a readable sentence (中文 / English).</summary>
public sealed record LicenceCheck(string Status, string Reason, HeldLicence? Licence)
{
    public bool IsValid => Status == LicenceStatus.Valid;
}

/// <summary>What to issue. <paramref name="TypeRef"/> is a licence type code or its name (证照类型名称, as catalogue
/// guides name their result). <paramref name="SourceReference"/> (e.g. a case number) makes issuing idempotent:
/// the same type and reference give the same licence.</summary>
public sealed record LicenceIssue(
    string TypeRef,
    string HolderName,
    string HolderCode,
    string HolderCodeType,
    long IssuerDepartmentId,
    string SourceReference,
    DateOnly IssuedOn,
    IReadOnlyDictionary<string, string> Data);

/// <summary>
/// Port on the electronic licence library (电子证照库) for modules that do not own it. The licences module implements
/// it. Case handling proves materials with <see cref="HeldAsync"/> + <see cref="CheckAsync"/> and issues the result
/// licence with <see cref="IssueWithinAsync"/> inside the transaction that closes the case.
/// </summary>
public interface ILicenceLibrary
{
    /// <summary>True when a licence type with this code or name exists (so an item's result can be issued).</summary>
    Task<bool> TypeExistsAsync(string typeRef, CancellationToken ct);

    /// <summary>The holder's licences that are valid today (signature checked, not revoked/suspended/expired), newest
    /// first, optionally only of the given types (codes or names).</summary>
    Task<IReadOnlyList<HeldLicence>> HeldAsync(string holderCode, IReadOnlyCollection<string>? typeRefs, CancellationToken ct);

    /// <summary>Full verification of one licence by identifier, as the public verification API does.</summary>
    Task<LicenceCheck> CheckAsync(string identifier, CancellationToken ct);

    /// <summary>The labels of the type's required data fields (照面信息) that <paramref name="request"/> leaves empty
    /// (holder name and ID fields count as filled from the holder); empty when the licence can be issued. Lets a caller
    /// find out before its transaction whether issuing would be refused for missing data.</summary>
    Task<IReadOnlyList<string>> MissingFieldsAsync(LicenceIssue request, CancellationToken ct);

    /// <summary>Issues (signs and stores) a licence through <paramref name="host"/>'s connection and current
    /// transaction, so it commits or rolls back with the caller's change (like AuditLog and EventOutbox). Throws
    /// InvalidOperationException without a transaction and ArgumentException for an unknown type or bad holder code.
    /// Idempotent per (type, SourceReference).</summary>
    Task<HeldLicence> IssueWithinAsync(DbContext host, LicenceIssue request, CancellationToken ct);
}
