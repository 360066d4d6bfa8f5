using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Refresh;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Clients;

/// <summary>Who administers OIDC clients: a platform admin (every client) or a department admin (its department's
/// clients only). Staff only, by session or by a user token carrying clients.manage; department systems do not
/// administer clients.</summary>
public sealed record ClientAdminActor(string Subject, long? DepartmentId, bool PlatformAdmin)
{
    public static ClientAdminActor? From(ClaimsPrincipal user)
    {
        var principal = PlatformPrincipal.From(user);
        if (principal is not { IsStaff: true })
        {
            return null;
        }

        if (principal.Roles.Contains(StaffRoles.PlatformAdmin))
        {
            return new ClientAdminActor(principal.Subject, principal.DepartmentId, true);
        }

        return principal.Roles.Contains(StaffRoles.DepartmentAdmin) && principal.DepartmentId is { } own ? new ClientAdminActor(principal.Subject, own, false) : null;
    }

    public bool Reaches(OidcClient client) => PlatformAdmin || (client.DepartmentId != null && client.DepartmentId == DepartmentId);

    public string? AuditDepartment => DepartmentId?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A client's settings as an administrator enters them (create: all; update: all but the client id).</summary>
public sealed record ClientInput(
    string? ClientId,
    string? Name,
    long? DepartmentId,
    IReadOnlyList<string>? GrantTypes,
    IReadOnlyList<string>? Scopes,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris);

/// <summary>
/// Client administration (pages /admin/oidc/clients and API /api/v1/oidc/clients): list, register, show, edit, rotate
/// the secret (the new one is returned once and stored only as a PBKDF2 hash), disable (its token requests fail and
/// its refresh tokens are revoked) and enable. A client outside the actor's reach is "not found". Every change is
/// audited in its own transaction.
/// </summary>
public sealed class ClientAdministration(OidcDbContext db, ClientRegistry registry, ScopeDirectory scopes, RefreshTokens refreshTokens, IOrganisationDirectory directory,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<OidcClient>> ListAsync(ClientAdminActor actor, CancellationToken ct)
    {
        var query = db.Clients.AsNoTracking();
        if (!actor.PlatformAdmin)
        {
            query = query.Where(c => c.DepartmentId == actor.DepartmentId);
        }

        return await query.OrderBy(c => c.ClientId).ToListAsync(ct);
    }

    public async Task<Outcome<OidcClient>> GetAsync(long id, ClientAdminActor actor, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return client != null && actor.Reaches(client) ? client : NotFound();
    }

    public async Task<Outcome<RegisteredClient>> CreateAsync(ClientInput input, ClientAdminActor actor, CancellationToken ct)
    {
        var department = actor.PlatformAdmin ? input.DepartmentId : input.DepartmentId ?? actor.DepartmentId;
        if (!actor.PlatformAdmin && department != actor.DepartmentId)
        {
            return OidcText.Fail(FailureKind.Forbidden, "oidc.client_department_forbidden");
        }

        var errors = new ValidationErrors();
        await CheckDepartmentAsync(errors, department, ct);
        var request = new ClientRegistration(input.ClientId?.Trim() ?? "", input.Name ?? "", department, Clean(input.GrantTypes), Clean(input.Scopes),
            Clean(input.RedirectUris), Clean(input.PostLogoutRedirectUris));
        if (!errors.IsValid)
        {
            return OidcText.Invalid(errors);
        }

        var (created, invalid) = await registry.CreateAsync(request, actor.Subject, actor.DepartmentId, ct);
        return created ?? (Outcome<RegisteredClient>)OidcText.Invalid(invalid);
    }

    public async Task<Outcome<OidcClient>> UpdateAsync(long id, ClientInput input, ClientAdminActor actor, CancellationToken ct)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client == null || !actor.Reaches(client))
        {
            return NotFound();
        }

        var department = actor.PlatformAdmin ? input.DepartmentId : client.DepartmentId;
        if (!actor.PlatformAdmin && input.DepartmentId != null && input.DepartmentId != client.DepartmentId)
        {
            return OidcText.Fail(FailureKind.Forbidden, "oidc.client_department_forbidden");
        }

        var errors = new ValidationErrors();
        var grants = Clean(input.GrantTypes);
        var scopeList = Clean(input.Scopes);
        var redirects = Clean(input.RedirectUris);
        var postLogout = Clean(input.PostLogoutRedirectUris);
        ClientRegistry.ValidateSettings(errors, input.Name, grants, scopeList, redirects, postLogout, scopes);
        await CheckDepartmentAsync(errors, department, ct);
        if (!errors.IsValid)
        {
            return OidcText.Invalid(errors);
        }

        var before = new { name = client.Name, departmentId = client.DepartmentId, grantTypes = client.GrantTypes, scopes = client.Scopes, redirectUris = client.RedirectUris, postLogoutRedirectUris = client.PostLogoutRedirectUris };
        client.Name = input.Name!.Trim();
        client.DepartmentId = department;
        client.GrantTypes = string.Join(' ', grants);
        client.Scopes = string.Join(' ', scopeList);
        client.RedirectUris = string.Join(' ', redirects);
        client.PostLogoutRedirectUris = string.Join(' ', postLogout);
        var after = new { name = client.Name, departmentId = client.DepartmentId, grantTypes = client.GrantTypes, scopes = client.Scopes, redirectUris = client.RedirectUris, postLogoutRedirectUris = client.PostLogoutRedirectUris };
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (!client.GrantTypeSet.Contains(OidcScopes.RefreshToken) || !client.ScopeSet.Contains(OidcScopes.OfflineAccess))
        {
            // No longer allowed to refresh: the tokens it holds die with the permission.
            await refreshTokens.RevokeClientWithinAsync(client.ClientId, RefreshRevocation.ClientChanged, now, ct);
        }

        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.AuditDepartment, "oidc.client.updated", "oidc_client", client.ClientId,
            "修改接入系统登记", JsonSerializer.Serialize(new { before, after })), now, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return client;
    }

    /// <summary>A new secret replaces the old one at once (the old one stops working); returned here only.</summary>
    public async Task<Outcome<RegisteredClient>> RotateSecretAsync(long id, ClientAdminActor actor, CancellationToken ct)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client == null || !actor.Reaches(client))
        {
            return NotFound();
        }

        var secret = ClientSecrets.Generate();
        client.SecretHash = ClientSecrets.Hash(secret);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.AuditDepartment, "oidc.client.secret_rotated", "oidc_client", client.ClientId,
            "更换接入系统密钥（旧密钥立即失效）"), clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new RegisteredClient(client, secret);
    }

    /// <summary>Disabling refuses the client's token requests and revokes its refresh tokens; enabling lets it ask
    /// again (revoked refresh tokens stay revoked). Idempotent.</summary>
    public async Task<Outcome<OidcClient>> SetDisabledAsync(long id, bool disabled, ClientAdminActor actor, CancellationToken ct)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (client == null || !actor.Reaches(client))
        {
            return NotFound();
        }

        if (client.Disabled == disabled)
        {
            return client;
        }

        client.Disabled = disabled;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var revoked = disabled ? await refreshTokens.RevokeClientWithinAsync(client.ClientId, RefreshRevocation.ClientDisabled, now, ct) : 0;
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.AuditDepartment, disabled ? "oidc.client.disabled" : "oidc.client.enabled", "oidc_client",
            client.ClientId, disabled ? "停用接入系统（刷新令牌一并撤销）" : "启用接入系统", JsonSerializer.Serialize(new { refreshTokensRevoked = revoked })), now, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return client;
    }

    /// <summary>The departments a new client may belong to: all for a platform admin, the own one otherwise.</summary>
    public async Task<IReadOnlyList<OrgDepartment>> DepartmentsAsync(ClientAdminActor actor, CancellationToken ct) =>
        (await directory.DepartmentsAsync(ct)).Where(d => actor.PlatformAdmin || d.Id == actor.DepartmentId).ToList();

    private async Task CheckDepartmentAsync(ValidationErrors errors, long? department, CancellationToken ct)
    {
        if (department is { } id && await directory.DepartmentAsync(id, ct) == null)
        {
            errors.Add("departmentId", OidcText.T("oidc.department_not_found"));
        }
    }

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();

    private static Failure NotFound() => OidcText.Fail(FailureKind.NotFound, "oidc.client_not_found");
}
