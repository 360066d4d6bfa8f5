using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Holding;

/// <summary>The provider's setting of where its "proxy" resource's rows come from (PUT /api/v1/exchange/{code}/proxy).</summary>
public sealed record ProxySetting(string? Url, string? HeaderName, string? Secret, int? TimeoutSeconds);

/// <summary>What the platform shows of a proxy setting: never the credential.</summary>
public sealed record ProxySettingResponse(string ResourceCode, string Url, string HeaderName, int TimeoutSeconds, DateTimeOffset UpdatedAt);

/// <summary>Sets the provider system behind a proxy resource: HTTPS only, the credential sealed at rest, audited without it.</summary>
internal sealed partial class ProxySettings(ExchangeDbContext db, IDataResourceCatalog catalog, ProxySecrets secrets, TimeProvider clock)
{
    public async Task<Outcome<ProxySettingResponse>> SetAsync(PlatformPrincipal caller, string code, ProxySetting setting, CancellationToken ct)
    {
        var resource = await catalog.PublishedAsync(DataResourceCodes.FromUrl(code), ct);
        if (resource == null)
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.resource_not_found");
        }

        if (!HeldTables.MayProvide(caller, resource))
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.provide_forbidden");
        }

        if (resource.Holding != ResourceHoldings.Proxy)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.not_a_proxy");
        }

        var errors = new ValidationErrors();
        if (!Uri.TryCreate(setting.Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || setting.Url!.Trim().Length > 500 || url.UserInfo.Length > 0)
        {
            errors.Add("url", ExchangeText.T("exchange.proxy_url"));
        }

        if (setting.HeaderName?.Trim() is not { Length: > 0 and <= 100 } header || !HeaderPattern().IsMatch(header))
        {
            errors.Add("headerName", ExchangeText.T("exchange.proxy_header"));
        }

        if (setting.Secret is not { Length: >= 8 and <= 500 })
        {
            errors.Add("secret", ExchangeText.T("exchange.proxy_secret"));
        }

        var timeout = setting.TimeoutSeconds ?? 5;
        if (timeout is < 1 or > 30)
        {
            errors.Add("timeoutSeconds", ExchangeText.T("exchange.proxy_timeout_range"));
        }

        if (!errors.IsValid)
        {
            return ExchangeText.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var endpoint = await db.Proxies.FirstOrDefaultAsync(p => p.ResourceCode == resource.Code, ct);
        if (endpoint == null)
        {
            endpoint = new ProxyEndpoint { ResourceCode = resource.Code, Url = "", HeaderName = "", SecretSealed = [], UpdatedBy = caller.Subject };
            db.Proxies.Add(endpoint);
        }

        endpoint.Url = url!.ToString();
        endpoint.HeaderName = setting.HeaderName!.Trim();
        endpoint.SecretSealed = secrets.Seal(setting.Secret!, resource.Code);
        endpoint.TimeoutMilliseconds = timeout * 1000;
        endpoint.UpdatedBy = caller.Subject;
        endpoint.UpdatedAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(caller.Subject, caller.DepartmentId?.ToString(CultureInfo.InvariantCulture), "exchange.proxy.configured", "data_resource",
            resource.Code, $"Provider system of {resource.Code} set to {url.Host} (credential replaced, timeout {timeout} s)"), now, ct);
        await tx.CommitAsync(ct);
        return new ProxySettingResponse(resource.Code, endpoint.Url, endpoint.HeaderName, timeout, now);
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex HeaderPattern();
}
