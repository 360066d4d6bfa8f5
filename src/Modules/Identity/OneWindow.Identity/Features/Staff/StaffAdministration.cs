using OneWindow.Shared.Data;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;
using OneWindow.Shared.Results;

namespace OneWindow.Identity.Features.Staff;

/// <summary>
/// Creates staff accounts and changes them: disable, enable, reset the password, grant and revoke roles. Who may do
/// what is <see cref="StaffPermissions"/>; nobody changes their own account. Every change writes its audit entry
/// (identity.staff.*) in the same transaction; entries carry ids, role names and codes, never names or passwords.
/// Passwords are never chosen by the admin: a one-time initial password is generated, shown once, stored hashed.
/// </summary>
public sealed class StaffAdministration(IdentityDbContext db, IOrganisationDirectory directory, IPasswordHasher<IHasCredentials> hasher, Sessions.AccountSessions sessions, TimeProvider clock)
{
    public async Task<Outcome<CreatedStaff>> CreateAsync(CreateStaffRequest request, StaffActor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var userName = StaffAccountRules.Normalize(request.UserName);
        if (userName.Length == 0)
        {
            errors.Add("userName", IdentityText.T("identity.user_name_required"));
        }
        else if (!StaffAccountRules.IsValidUserName(userName))
        {
            errors.Add("userName", IdentityText.T("identity.user_name_format"));
        }

        var displayName = request.DisplayName?.Trim() ?? "";
        if (displayName.Length == 0)
        {
            errors.Add("displayName", IdentityText.T("identity.display_name_required", StaffAccountRules.MaxDisplayName));
        }
        else if (displayName.Length > StaffAccountRules.MaxDisplayName || displayName.Any(char.IsControl))
        {
            errors.Add("displayName", IdentityText.T("identity.display_name_too_long", StaffAccountRules.MaxDisplayName));
        }

        var key = request.DepartmentKey?.Trim();
        var department = string.IsNullOrEmpty(key) || key.Length > 40 ? null : await directory.DepartmentByKeyAsync(key, ct);
        if (department == null)
        {
            errors.Add("departmentKey", IdentityText.T("identity.department_required"));
        }

        // Left empty, the account is anchored where its department is.
        var region = string.IsNullOrWhiteSpace(request.RegionCode) ? department?.RegionCode : request.RegionCode.Trim();
        if (region != null && (region.Length != 6 || !region.All(char.IsAsciiDigit) || !await directory.IsCurrentRegionAsync(region, ct)))
        {
            errors.Add("regionCode", IdentityText.T("identity.region_invalid"));
        }
        else if (region != null && department != null && !RegionCodes.Contains(department.RegionCode, region))
        {
            errors.Add("regionCode", IdentityText.T("identity.region_outside_department", department.RegionCode));
        }

        var roles = (request.Roles ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (roles.FirstOrDefault(r => !StaffRoles.IsKnown(r)) is { } unknown)
        {
            errors.Add("roles", IdentityText.T("identity.role_unknown", unknown.Length > 40 ? unknown[..40] : unknown));
        }

        if (!errors.IsValid)
        {
            return IdentityText.Invalid(errors);
        }

        if (!StaffPermissions.MayCreateIn(actor.Scope, department!.Id, department.RegionCode))
        {
            return IdentityText.Fail(FailureKind.Forbidden, "identity.create_other_department");
        }

        if (roles.FirstOrDefault(r => !StaffPermissions.MayGrant(actor.Scope, r, department.Id, region!)) is { } refused)
        {
            return RefusedRole(refused);
        }

        if (await db.Staff.AnyAsync(s => s.UserName == userName, ct))
        {
            return UserNameTaken();
        }

        var password = StaffAccountRules.NewInitialPassword();
        var staff = NewMember(userName, displayName, department.Id, region!);
        staff.PasswordHash = hasher.HashPassword(staff, password);
        return await AddAsync(staff, roles, actor, ct) is { } added
            ? new CreatedStaff(StaffView.From(added), password)
            : UserNameTaken();
    }

    public Task<Outcome<StaffView>> GrantAsync(long id, string? role, StaffActor actor, CancellationToken ct) => ChangeRoleAsync(id, role, grant: true, actor, ct);

    public Task<Outcome<StaffView>> RevokeAsync(long id, string? role, StaffActor actor, CancellationToken ct) => ChangeRoleAsync(id, role, grant: false, actor, ct);

    /// <summary>A disabled account cannot sign in and its open sessions end at their next request; it is kept for the audit trail.</summary>
    public async Task<Outcome<StaffView>> SetDisabledAsync(long id, bool disabled, StaffActor actor, CancellationToken ct)
    {
        var (staff, refusal) = await LoadManageableAsync(id, actor, disabled ? "identity.self_disable" : "identity.self_enable", ct);
        if (staff == null)
        {
            return refusal!;
        }

        if (disabled == (staff.DisabledAt != null))
        {
            return StaffView.From(staff);
        }

        var now = clock.GetUtcNow();
        staff.DisabledAt = disabled ? now : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, disabled ? "identity.staff.disabled" : "identity.staff.enabled", staff.Id, disabled ? "停用工作人员账号" : "启用工作人员账号", null, now, ct);
        if (disabled)
        {
            await sessions.EndAllWithinAsync(PlatformClaims.KindStaff, staff.Id, null, SessionEndReasons.AccountDisabled, actor.Subject, now, ct);
        }

        await transaction.CommitAsync(ct);
        return StaffView.From(staff);
    }

    /// <summary>A new one-time password replaces the old one and lifts a lockout; the admin hands it over.</summary>
    public async Task<Outcome<ResetPassword>> ResetPasswordAsync(long id, StaffActor actor, CancellationToken ct)
    {
        var (staff, refusal) = await LoadManageableAsync(id, actor, "identity.self_reset", ct);
        if (staff == null)
        {
            return refusal!;
        }

        var password = StaffAccountRules.NewInitialPassword();
        var now = clock.GetUtcNow();
        staff.PasswordHash = hasher.HashPassword(staff, password);
        staff.FailedSignIns = 0;
        staff.LockedUntil = null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, "identity.staff.password_reset", staff.Id, "重置工作人员密码（同时解除锁定）", null, now, ct);
        await sessions.EndAllWithinAsync(PlatformClaims.KindStaff, staff.Id, null, SessionEndReasons.PasswordReset, actor.Subject, now, ct);
        await transaction.CommitAsync(ct);
        return new ResetPassword(StaffView.From(staff), password);
    }

    /// <summary>Adds an account with its roles, audited as created and granted, in the caller's transaction or one of its
    /// own. Null when the user name was taken meanwhile (only possible without a caller's transaction).</summary>
    internal async Task<StaffMember?> AddAsync(StaffMember staff, IReadOnlyList<string> roles, StaffActor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        staff.CreatedAt = now;
        var own = db.Database.CurrentTransaction == null;
        await using var transaction = own ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            db.Staff.Add(staff);
            await db.SaveChangesAsync(ct);
            await AuditAsync(actor, "identity.staff.created", staff.Id, $"创建工作人员账号（部门 {staff.DepartmentId}，区划 {staff.RegionCode}）",
                new { department = staff.DepartmentId, region = staff.RegionCode }, now, ct);
            foreach (var role in roles)
            {
                staff.Roles.Add(new StaffRoleGrant { StaffId = staff.Id, Role = role, GrantedBy = actor.Subject, GrantedAt = now });
                await AuditAsync(actor, "identity.staff.role_granted", staff.Id, $"授予角色 {role}", new { role }, now, ct);
            }

            await db.SaveChangesAsync(ct);
            if (transaction != null)
            {
                await transaction.CommitAsync(ct);
            }

            return staff;
        }
        catch (DbUpdateException e) when (own && UniqueViolation.Is(e))
        {
            await transaction!.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return null;
        }
    }

    internal static StaffMember NewMember(string userName, string displayName, long departmentId, string regionCode) => new()
    {
        UserName = userName,
        DisplayName = displayName,
        DepartmentId = departmentId,
        RegionCode = regionCode,
        PasswordHash = "",
    };

    private async Task<Outcome<StaffView>> ChangeRoleAsync(long id, string? role, bool grant, StaffActor actor, CancellationToken ct)
    {
        role = role?.Trim() ?? "";
        if (!StaffRoles.IsKnown(role))
        {
            return IdentityText.Invalid("role", "identity.role_required");
        }

        var (staff, refusal) = await LoadManageableAsync(id, actor, grant ? "identity.self_grant" : "identity.self_revoke", ct);
        if (staff == null)
        {
            return refusal!;
        }

        if (!StaffPermissions.MayGrant(actor.Scope, role, staff.DepartmentId, staff.RegionCode))
        {
            return RefusedRole(role);
        }

        var held = staff.Roles.FirstOrDefault(r => r.Role == role);
        if (grant == (held != null))
        {
            return StaffView.From(staff);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (grant)
            {
                staff.Roles.Add(new StaffRoleGrant { StaffId = staff.Id, Role = role, GrantedBy = actor.Subject, GrantedAt = now });
            }
            else
            {
                staff.Roles.Remove(held!);
                db.StaffRoles.Remove(held!);
            }

            await db.SaveChangesAsync(ct);
            await AuditAsync(actor, grant ? "identity.staff.role_granted" : "identity.staff.role_revoked", staff.Id, grant ? $"授予角色 {role}" : $"撤销角色 {role}", new { role }, now, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same role was granted by someone else a moment ago: the account already has what was asked for.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var current = await db.Staff.AsNoTracking().Include(s => s.Roles).FirstAsync(s => s.Id == id, ct);
            return StaffView.From(current);
        }

        return StaffView.From(staff);
    }

    /// <summary>The account with its roles, tracked, if the actor may change it; otherwise the refusal to return.</summary>
    private async Task<(StaffMember? Staff, Failure? Refusal)> LoadManageableAsync(long id, StaffActor actor, string selfCode, CancellationToken ct)
    {
        var staff = await db.Staff.Include(s => s.Roles).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff == null)
        {
            return (null, IdentityText.Fail(FailureKind.NotFound, "identity.staff_not_found"));
        }

        if (actor.IsSelf(id))
        {
            return (null, IdentityText.Fail(FailureKind.Forbidden, selfCode));
        }

        if (!StaffPermissions.MayManage(actor.Scope, staff.DepartmentId, staff.RegionCode, staff.Roles.Select(r => r.Role)))
        {
            return (null, IdentityText.Fail(FailureKind.Forbidden, "identity.manage_outside"));
        }

        return (staff, null);
    }

    private static Failure RefusedRole(string role) => IdentityText.Fail(FailureKind.Forbidden,
        StaffPermissions.GrantableByDepartmentAdmin.Contains(role) ? "identity.role_department_only" : "identity.role_platform_only",
        OneWindow.Shared.Web.Lang.L(StaffRoles.Title(role).Zh, StaffRoles.Title(role).En));

    private static Failure UserNameTaken() => IdentityText.Fail(FailureKind.Conflict, "identity.user_name_taken");

    private Task AuditAsync(StaffActor actor, string action, long staffId, string summary, object? data, DateTimeOffset now, CancellationToken ct) =>
        AuditLog.AppendAsync(db, new AuditRecord(
            actor.Subject,
            actor.Scope.DepartmentId?.ToString(CultureInfo.InvariantCulture),
            action,
            "staff",
            staffId.ToString(CultureInfo.InvariantCulture),
            summary,
            data == null ? null : JsonSerializer.Serialize(data)), now, ct);
}
