namespace OneWindow.Identity.Domain;

/// <summary>
/// 工作人员: a staff account, bound to one department (catalogue department id) and the GB/T 2260 division its
/// region-scoped roles reach from. Roles are granted one by one (<see cref="StaffRoleGrant"/>), each grant audited.
/// </summary>
public sealed class StaffMember : IHasCredentials
{
    public long Id { get; set; }

    /// <summary>Sign-in name, lower-case latin letters, digits, dot, dash or underscore.</summary>
    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public long DepartmentId { get; set; }

    public required string RegionCode { get; set; }

    public required string PasswordHash { get; set; }

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public byte[]? TotpSecretCipher { get; set; }

    public long TotpLastStep { get; set; }

    /// <summary>Disabled accounts cannot sign in; they are kept for the audit trail.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<StaffRoleGrant> Roles { get; set; } = [];
}

/// <summary>One role held by a staff member (see OneWindow.Shared.Security.StaffRoles).</summary>
public sealed class StaffRoleGrant
{
    public long StaffId { get; set; }

    public required string Role { get; set; }

    public required string GrantedBy { get; set; }

    public DateTimeOffset GrantedAt { get; set; }
}
