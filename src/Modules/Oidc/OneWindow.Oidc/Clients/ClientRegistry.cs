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
public sealed partial class ClientRegistry(OidcDbContext db, OidcOptions options, ScopeDirectory scopes, TimeProvider clock)
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
            errors.Add("clientId", OidcText.T("oidc.client_id_taken"));
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
            errors.Add("clientId", OidcText.T("oidc.client_id_format"));
        }

        ValidateSettings(errors, request.Name, request.GrantTypes, request.Scopes, request.RedirectUris, request.PostLogoutRedirectUris, scopes);
        if (request.Secret != null && request.Secret.Length < ClientSecrets.MinLength)
        {
            errors.Add("secret", OidcText.T("oidc.secret_length", ClientSecrets.MinLength));
        }

        return errors;
    }

    /// <summary>The rules every registration and edit follows (the client id aside): a name, known grant types
    /// (refresh_token only with authorization_code), known scopes (offline_access only with refresh_token), a redirect
    /// URI for the code flow, acceptable URIs.</summary>
    internal static void ValidateSettings(ValidationErrors errors, string? name, IReadOnlyList<string> grantTypes, IReadOnlyList<string> scopeList,
        IReadOnlyList<string> redirectUris, IReadOnlyList<string> postLogoutRedirectUris, ScopeDirectory scopes)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors.Add("name", OidcText.T("oidc.name_required"));
        }

        if (grantTypes.Count == 0 || grantTypes.Any(g => !OidcScopes.GrantTypes.Contains(g)))
        {
            errors.Add("grantTypes", OidcText.T("oidc.grant_types"));
        }
        else if (grantTypes.Contains(OidcScopes.RefreshToken) && !grantTypes.Contains(OidcScopes.AuthorizationCode))
        {
            errors.Add("grantTypes", OidcText.T("oidc.refresh_needs_code"));
        }

        if (scopeList.Count == 0)
        {
            errors.Add("scopes", OidcText.T("oidc.scopes_required"));
        }
        else if (scopeList.FirstOrDefault(s => !scopes.IsKnown(s)) is { } unknown)
        {
            errors.Add("scopes", OidcText.T("oidc.scopes_unknown", unknown.Length > 100 ? unknown[..100] : unknown));
        }
        else if (string.Join(' ', scopeList).Length > 500)
        {
            errors.Add("scopes", OidcText.T("oidc.scopes_too_many"));
        }
        else if (scopeList.Contains(OidcScopes.OfflineAccess) && !grantTypes.Contains(OidcScopes.RefreshToken))
        {
            errors.Add("scopes", OidcText.T("oidc.offline_needs_refresh"));
        }

        if (grantTypes.Contains(OidcScopes.AuthorizationCode) && redirectUris.Count == 0)
        {
            errors.Add("redirectUris", OidcText.T("oidc.redirect_required"));
        }

        foreach (var (field, uris) in new[] { ("redirectUris", redirectUris), ("postLogoutRedirectUris", postLogoutRedirectUris) })
        {
            if (uris.Any(u => !IsAcceptableRedirect(u)) || string.Join(' ', uris).Length > 4000)
            {
                errors.Add(field, OidcText.T("oidc.redirect_format"));
            }
        }
    }

    /// <summary>https anywhere; http only on the loopback (a developer's machine); no fragment, no user info, no spaces.</summary>
    internal static bool IsAcceptableRedirect(string value) =>
        value.Length <= 500 && !value.Contains(' ', StringComparison.Ordinal) && !value.Contains('#', StringComparison.Ordinal)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || uri.Host == "localhost")));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,99}$")]
    internal static partial Regex ClientIdPattern();
}
