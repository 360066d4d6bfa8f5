using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;

namespace OneWindow.Oidc.Clients;

/// <summary>A client to register. Secret: null to generate one (returned once), or one of at least 32 characters.</summary>
public sealed record ClientRegistration(
    string ClientId,
    string Name,
    long? DepartmentId,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    string? Secret = null);

/// <summary>The registered client and its secret in plain text: shown to the registrar once, never stored.</summary>
public sealed record RegisteredClient(OidcClient Client, string Secret);

/// <summary>Registers department systems (audited) and authenticates them at the token endpoint (refusals audited).</summary>
public sealed partial class ClientRegistry(OidcDbContext db, OidcOptions options, TimeProvider clock)
{
    public async Task<(RegisteredClient? Client, ValidationErrors Errors)> CreateAsync(ClientRegistration request, string actor, long? actorDepartment, CancellationToken ct)
    {
        var errors = Validate(request);
        if (!errors.IsValid)
        {
            return (null, errors);
        }

        if (await db.Clients.AnyAsync(c => c.ClientId == request.ClientId, ct))
        {
            errors.Add("clientId", "该客户端标识已存在");
            return (null, errors);
        }

        var secret = request.Secret ?? ClientSecrets.Generate();
        var client = new OidcClient
        {
            ClientId = request.ClientId,
            Name = request.Name.Trim(),
            DepartmentId = request.DepartmentId,
            SecretHash = ClientSecrets.Hash(secret),
            GrantTypes = string.Join(' ', request.GrantTypes.Distinct(StringComparer.Ordinal)),
            Scopes = string.Join(' ', request.Scopes.Distinct(StringComparer.Ordinal)),
            RedirectUris = string.Join(' ', request.RedirectUris.Distinct(StringComparer.Ordinal)),
            PostLogoutRedirectUris = string.Join(' ', request.PostLogoutRedirectUris.Distinct(StringComparer.Ordinal)),
            CreatedAt = clock.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Clients.Add(client);
        await db.SaveChangesAsync(ct);
        var data = JsonSerializer.Serialize(new { grantTypes = client.GrantTypeSet, scopes = client.ScopeSet, departmentId = client.DepartmentId });
        await AuditLog.AppendAsync(db, new AuditRecord(actor, actorDepartment?.ToString(CultureInfo.InvariantCulture), "oidc.client.created", "oidc_client", client.ClientId,
            "登记单点登录/接口客户端", data), client.CreatedAt, ct);
        await transaction.CommitAsync(ct);
        return (new RegisteredClient(client, secret), errors);
    }

    public Task<OidcClient?> FindAsync(string clientId, CancellationToken ct) =>
        db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId && !c.Disabled, ct);

    /// <summary>The client when the secret is right; otherwise null, with the refusal audited (no secret in it).
    /// Unknown clients cost as much time as known ones.</summary>
    public async Task<OidcClient?> AuthenticateAsync(string clientId, string secret, CancellationToken ct)
    {
        var client = ClientIdPattern().IsMatch(clientId) ? await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, ct) : null;
        var ok = ClientSecrets.Verify(secret, client?.SecretHash);
        if (ok && client is { Disabled: false })
        {
            return client;
        }

        var reason = client == null ? "unknown_client" : client.Disabled ? "disabled" : "bad_secret";
        var target = client?.ClientId ?? (ClientIdPattern().IsMatch(clientId) ? clientId : "(invalid)");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord("anonymous", null, "oidc.client.auth_failed", "oidc_client", target,
            "客户端认证失败", JsonSerializer.Serialize(new { reason })), clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    private ValidationErrors Validate(ClientRegistration request)
    {
        var errors = new ValidationErrors();
        if (!ClientIdPattern().IsMatch(request.ClientId ?? "") || request.ClientId == options.ApiAudience)
        {
            errors.Add("clientId", "客户端标识须为3-100位小写字母、数字、点、下划线或连字符，且不能与接口受众相同");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            errors.Add("name", "请填写客户端名称（不超过200个字符）");
        }

        if (request.GrantTypes.Count == 0 || request.GrantTypes.Any(g => !OidcScopes.GrantTypes.Contains(g)))
        {
            errors.Add("grantTypes", "授权类型须为 authorization_code 和/或 client_credentials");
        }

        if (request.Scopes.Count == 0 || request.Scopes.Any(s => !OidcScopes.Supported.Contains(s)))
        {
            errors.Add("scopes", "范围须取自：" + string.Join(' ', OidcScopes.Supported));
        }

        if (request.GrantTypes.Contains(OidcScopes.AuthorizationCode) && request.RedirectUris.Count == 0)
        {
            errors.Add("redirectUris", "授权码模式至少需要一个回调地址");
        }

        foreach (var (field, uris) in new[] { ("redirectUris", request.RedirectUris), ("postLogoutRedirectUris", request.PostLogoutRedirectUris) })
        {
            if (uris.Any(u => !IsAcceptableRedirect(u)))
            {
                errors.Add(field, "回调地址须为完整的 https 地址（本机调试可用 http://localhost 或 http://127.0.0.1），不含片段(#)和用户信息");
            }
        }

        if (request.Secret != null && request.Secret.Length < ClientSecrets.MinLength)
        {
            errors.Add("secret", $"客户端密钥至少{ClientSecrets.MinLength}个字符");
        }

        return errors;
    }

    /// <summary>https anywhere; http only on the loopback (a developer's machine); no fragment, no user info, no spaces.</summary>
    internal static bool IsAcceptableRedirect(string value) =>
        value.Length <= 500 && !value.Contains(' ', StringComparison.Ordinal) && !value.Contains('#', StringComparison.Ordinal)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || uri.Host == "localhost")));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,99}$")]
    internal static partial Regex ClientIdPattern();
}
