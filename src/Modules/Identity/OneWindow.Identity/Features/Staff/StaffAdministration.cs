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

namespace OneWindow.Identity.Features.Staff;

/// <summary>
/// Creates staff accounts and changes them: disable, enable, reset the password, grant and revoke roles. Who may do
/// what is <see cref="StaffPermissions"/>; nobody changes their own account. Every change writes its audit entry
/// (identity.staff.*) in the same transaction; entries carry ids, role names and codes, never names or passwords.
/// Passwords are never chosen by the admin: a one-time initial password is generated, shown once, stored hashed.
/// </summary>
public sealed class StaffAdministration(IdentityDbContext db, IOrganisationDirectory directory, IPasswordHasher<IHasCredentials> hasher, TimeProvider clock)
{
    public async Task<StaffOutcome<CreatedStaff>> CreateAsync(CreateStaffRequest request, StaffActor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var userName = StaffAccountRules.Normalize(request.UserName);
        if (userName.Length == 0)
        {
            errors.Add("userName", "请填写用户名");
        }
        else if (!StaffAccountRules.IsValidUserName(userName))
        {
            errors.Add("userName", "用户名为3至50位小写字母、数字、点、短横线或下划线，以字母或数字开头，例如 ga.zhang");
        }

        var displayName = request.DisplayName?.Trim() ?? "";
        if (displayName.Length == 0)
        {
            errors.Add("displayName", "请填写姓名");
        }
        else if (displayName.Length > StaffAccountRules.MaxDisplayName || displayName.Any(char.IsControl))
        {
            errors.Add("displayName", $"姓名不能超过{StaffAccountRules.MaxDisplayName}个字符");
        }

        var key = request.DepartmentKey?.Trim();
        var department = string.IsNullOrEmpty(key) || key.Length > 40 ? null : await directory.DepartmentByKeyAsync(key, ct);
        if (department == null)
        {
            errors.Add("departmentKey", "请选择所属部门");
        }

        // Left empty, the account is anchored where its department is.
        var region = string.IsNullOrWhiteSpace(request.RegionCode) ? department?.RegionCode : request.RegionCode.Trim();
        if (region != null && (region.Length != 6 || !region.All(char.IsAsciiDigit) || !await directory.IsCurrentRegionAsync(region, ct)))
        {
            errors.Add("regionCode", "请输入有效的6位行政区划代码（GB/T 2260），例如 340100");
        }
        else if (region != null && department != null && !RegionCodes.Contains(department.RegionCode, region))
        {
            errors.Add("regionCode", $"行政区划须在所属部门的辖区内（{department.RegionCode} 或其下级）");
        }

        var roles = (request.Roles ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (roles.FirstOrDefault(r => !StaffRoles.IsKnown(r)) is { } unknown)
        {
            errors.Add("roles", $"没有「{(unknown.Length > 40 ? unknown[..40] : unknown)}」这个角色");
        }

        if (!errors.IsValid)
        {
            return StaffOutcome<CreatedStaff>.Invalid(errors);
        }

        if (!StaffPermissions.MayCreateIn(actor.Scope, department!.Id, department.RegionCode))
        {
            return StaffOutcome<CreatedStaff>.Forbidden("只能为本部门创建工作人员账号");
        }

        if (roles.FirstOrDefault(r => !StaffPermissions.MayGrant(actor.Scope, r, department.Id, region!)) is { } refused)
        {
            return StaffOutcome<CreatedStaff>.Forbidden(RefusedRole(refused));
        }

        if (await db.Staff.AnyAsync(s => s.UserName == userName, ct))
        {
            return StaffOutcome<CreatedStaff>.Conflict(UserNameTaken);
        }

        var password = StaffAccountRules.NewInitialPassword();
        var staff = NewMember(userName, displayName, department.Id, region!);
        staff.PasswordHash = hasher.HashPassword(staff, password);
        return await AddAsync(staff, roles, actor, ct) is { } added
            ? StaffOutcome<CreatedStaff>.Ok(new CreatedStaff(StaffView.From(added), password))
            : StaffOutcome<CreatedStaff>.Conflict(UserNameTaken);
    }

    public Task<StaffOutcome<StaffView>> GrantAsync(long id, string? role, StaffActor actor, CancellationToken ct) => ChangeRoleAsync(id, role, grant: true, actor, ct);

    public Task<StaffOutcome<StaffView>> RevokeAsync(long id, string? role, StaffActor actor, CancellationToken ct) => ChangeRoleAsync(id, role, grant: false, actor, ct);

    /// <summary>A disabled account cannot sign in and its open sessions end at their next request; it is kept for the audit trail.</summary>
    public async Task<StaffOutcome<StaffView>> SetDisabledAsync(long id, bool disabled, StaffActor actor, CancellationToken ct)
    {
        var (staff, refusal) = await LoadManageableAsync<StaffView>(id, actor, disabled ? "不能停用自己的账号" : "不能启用自己的账号", ct);
        if (staff == null)
        {
            return refusal!;
        }

        if (disabled == (staff.DisabledAt != null))
        {
            return StaffOutcome<StaffView>.Ok(StaffView.From(staff));
        }

        var now = clock.GetUtcNow();
        staff.DisabledAt = disabled ? now : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, disabled ? "identity.staff.disabled" : "identity.staff.enabled", staff.Id, disabled ? "停用工作人员账号" : "启用工作人员账号", null, now, ct);
        await transaction.CommitAsync(ct);
        return StaffOutcome<StaffView>.Ok(StaffView.From(staff));
    }

    /// <summary>A new one-time password replaces the old one and lifts a lockout; the admin hands it over.</summary>
    public async Task<StaffOutcome<ResetPassword>> ResetPasswordAsync(long id, StaffActor actor, CancellationToken ct)
    {
        var (staff, refusal) = await LoadManageableAsync<ResetPassword>(id, actor, "不能在这里重置自己的密码", ct);
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
        await transaction.CommitAsync(ct);
        return StaffOutcome<ResetPassword>.Ok(new ResetPassword(StaffView.From(staff), password));
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

    private async Task<StaffOutcome<StaffView>> ChangeRoleAsync(long id, string? role, bool grant, StaffActor actor, CancellationToken ct)
    {
        role = role?.Trim() ?? "";
        if (!StaffRoles.IsKnown(role))
        {
            return StaffOutcome<StaffView>.Invalid("role", "请选择一个角色");
        }

        var (staff, refusal) = await LoadManageableAsync<StaffView>(id, actor, grant ? "不能给自己授予角色" : "不能撤销自己的角色", ct);
        if (staff == null)
        {
            return refusal!;
        }

        if (!StaffPermissions.MayGrant(actor.Scope, role, staff.DepartmentId, staff.RegionCode))
        {
            return StaffOutcome<StaffView>.Forbidden(RefusedRole(role));
        }

        var held = staff.Roles.FirstOrDefault(r => r.Role == role);
        if (grant == (held != null))
        {
            return StaffOutcome<StaffView>.Ok(StaffView.From(staff));
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
            return StaffOutcome<StaffView>.Ok(StaffView.From(current));
        }

        return StaffOutcome<StaffView>.Ok(StaffView.From(staff));
    }

    /// <summary>The account with its roles, tracked, if the actor may change it; otherwise the refusal to return.</summary>
    private async Task<(StaffMember? Staff, StaffOutcome<T>? Refusal)> LoadManageableAsync<T>(long id, StaffActor actor, string selfMessage, CancellationToken ct)
        where T : class
    {
        var staff = await db.Staff.Include(s => s.Roles).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff == null)
        {
            return (null, StaffOutcome<T>.NotFound());
        }

        if (actor.IsSelf(id))
        {
            return (null, StaffOutcome<T>.Forbidden(selfMessage));
        }

        if (!StaffPermissions.MayManage(actor.Scope, staff.DepartmentId, staff.RegionCode, staff.Roles.Select(r => r.Role)))
        {
            return (null, StaffOutcome<T>.Forbidden("只能管理本部门的工作人员账号（管理员账号由平台管理员管理）"));
        }

        return (staff, null);
    }

    private static string RefusedRole(string role) => StaffPermissions.GrantableByDepartmentAdmin.Contains(role)
        ? $"只能在本部门授予「{StaffRoles.Title(role).Zh}」角色"
        : $"「{StaffRoles.Title(role).Zh}」角色只能由平台管理员授予";

    private const string UserNameTaken = "该用户名已被使用，请换一个";

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
