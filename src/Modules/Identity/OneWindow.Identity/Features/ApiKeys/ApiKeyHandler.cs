using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.ApiKeys;

/// <summary>
/// The "ApiKey" scheme (<see cref="PlatformAuthentication.ApiKeyScheme"/>): the <c>X-Api-Key</c> header only (never a
/// cookie, a bearer token or a query parameter). A good key → its owner as a citizen principal (sub, kind, name,
/// assurance) carrying the key's scopes in <c>scope</c> and its id and permit, authentication type "ApiKey" so it is
/// scope-bound. No header: no result. A bad key: failure, and the challenge answers 401 with a problem naming why.
/// The key is never logged.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(PlatformAuthentication.ApiKeyHeader, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count != 1)
        {
            return AuthenticateResult.Fail("identity.api_key_invalid");
        }

        var keys = Context.RequestServices.GetRequiredService<ApiKeyService>();
        var (caller, refusal) = await keys.AuthenticateAsync(values[0]?.Trim(), Context.RequestAborted);
        if (caller == null)
        {
            return AuthenticateResult.Fail(refusal ?? "identity.api_key_invalid");
        }

        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, Subjects.Citizen(caller.CitizenId)),
            new(PlatformClaims.Kind, PlatformClaims.KindCitizen),
            new(PlatformClaims.Name, caller.OwnerName),
            new(PlatformClaims.Assurance, caller.Assurance.ToString(CultureInfo.InvariantCulture)),
            new(PlatformClaims.Scope, string.Join(' ', caller.Scopes)),
            new(PlatformClaims.ApiKeyId, caller.KeyId.ToString(CultureInfo.InvariantCulture)),
            new(PlatformClaims.ApiKeyPermit, caller.PermitPerMinute.ToString(CultureInfo.InvariantCulture)),
        };
        var identity = new ClaimsIdentity(claims, PlatformAuthentication.ApiKeyScheme, PlatformClaims.Name, PlatformClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var code = result.Failure?.Message is { } failed && failed.StartsWith("identity.api_key_", StringComparison.Ordinal) ? failed : "identity.api_key_required";
        Response.Headers[HeaderNames.WWWAuthenticate] = $"ApiKey header=\"{PlatformAuthentication.ApiKeyHeader}\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: IdentityText.T("identity.title.unauthorized"),
            detail: IdentityText.T(code),
            extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(Context);
    }
}
