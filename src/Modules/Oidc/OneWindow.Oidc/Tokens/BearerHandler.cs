using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OneWindow.Oidc.Tokens;

/// <summary>
/// The "Bearer" scheme: the provider's own access tokens on the platform's APIs (RFC 6750, header only). No header:
/// no result (the cookie or anonymity stands). A bad, revoked or session-less token: failure, and the challenge says
/// invalid_token (see <see cref="AccessTokens"/>).
/// </summary>
public sealed class BearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OidcIssuer issuer)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var tokens = Context.RequestServices.GetRequiredService<AccessTokens>();
        var principal = await tokens.AuthenticateAsync(header[Prefix.Length..].Trim(), issuer.For(Request), Scheme.Name, Context.RequestAborted);
        return principal == null
            ? AuthenticateResult.Fail("The access token is invalid, expired or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = result.Failure != null
            ? "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\""
            : "Bearer";
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"insufficient_scope\"";
        return Task.CompletedTask;
    }
}
