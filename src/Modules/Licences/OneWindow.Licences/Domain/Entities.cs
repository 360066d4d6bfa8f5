namespace OneWindow.Licences.Domain;

/// <summary>Who may hold a licence of a type.</summary>
public static class HolderKinds
{
    public const string Person = "person";
    public const string LegalPerson = "legal_person";
    public const string Both = "both";

    public static bool Accepts(string kind, string codeType) =>
        kind == Both || (kind == Person ? codeType == "111" : codeType == "001");
}

/// <summary>A licence type (证照类型, GB/T 36902): its 21-character code (definer credit code + 3 digits), name,
/// definer, holder kind, validity rule (years, null = permanent) and its own data fields (照面信息) as JSON.</summary>
public sealed class LicenceType
{
    public long Id { get; set; }

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string DefinerName { get; set; } = "";

    public string DefinerCode { get; set; } = "";

    public string HolderKind { get; set; } = HolderKinds.Person;

    public int? ValidityYears { get; set; }

    /// <summary>[{ key, label, labelEn, required }] in display order.</summary>
    public string FieldsJson { get; set; } = "[]";
}

/// <summary>An issuing agency (颁发机构): a department and the credit code its licences carry. Editable by platform admins.</summary>
public sealed class IssuingAgency
{
    public long DepartmentId { get; set; }

    public string AgencyCode { get; set; } = "";

    public string Name { get; set; } = "";

    public string RegionCode { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An SM2 signing key of an agency (电子印章密钥). The current key has no RetiredAt; retired keys still verify.</summary>
public sealed class SigningKey
{
    public long Id { get; set; }

    public string KeyId { get; set; } = "";

    public long DepartmentId { get; set; }

    public string AgencyCode { get; set; } = "";

    /// <summary>Uncompressed SM2 point (65 bytes), base64.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>The private scalar under AES-256-GCM (Licences:KeyEncryptionKey).</summary>
    public byte[] PrivateKeyProtected { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}

public static class LicenceStates
{
    public const string Active = "active";
    public const string Revoked = "revoked";
    public const string Suspended = "suspended";
}

/// <summary>An issued e-licence (电子证照) with the signature over its canonical content (see Signing/LicenceContent).</summary>
public sealed class Licence
{
    public long Id { get; set; }

    public string Identifier { get; set; } = "";

    public string TypeCode { get; set; } = "";

    public string TypeName { get; set; } = "";

    public string Number { get; set; } = "";

    public string HolderName { get; set; } = "";

    public string HolderCode { get; set; } = "";

    public string HolderCodeType { get; set; } = "";

    public long IssuerDepartmentId { get; set; }

    public string IssuerCode { get; set; } = "";

    public string IssuerName { get; set; } = "";

    public DateOnly IssuedOn { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public string Jurisdiction { get; set; } = "";

    public string DataJson { get; set; } = "{}";

    public string KeyId { get; set; } = "";

    public byte[] Signature { get; set; } = [];

    public string SourceReference { get; set; } = "";

    public string State { get; set; } = LicenceStates.Active;

    public string? StateReason { get; set; }

    public DateTimeOffset? StateChangedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>用证授权: the holder lets a department use one licence for a purpose until a time; revocable.</summary>
public sealed class ShareGrant
{
    public long Id { get; set; }

    public long LicenceId { get; set; }

    public string HolderCode { get; set; } = "";

    public string GrantedBy { get; set; } = "";

    public long DepartmentId { get; set; }

    public string Purpose { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One use of a grant by the department (who read the licence, when).</summary>
public sealed class ShareUse
{
    public long Id { get; set; }

    public long GrantId { get; set; }

    public string UsedBy { get; set; } = "";

    public DateTimeOffset UsedAt { get; set; }
}
