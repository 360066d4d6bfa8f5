using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace OneWindow.Oidc.Endpoints;

/// <summary>The protocol's own answers: JSON bodies with snake_case names, never cached (RFC 6749 §5.1/§5.2), error
/// redirects back to a verified redirect URI, and pages for errors that must not redirect.</summary>
internal static class OAuthResults
{
    public static IResult Json(object body, int status = StatusCodes.Status200OK, string? challenge = null) => new JsonResult(body, status, challenge);

    public static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest, string? challenge = null) =>
        new JsonResult(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, status, challenge);

    /// <summary>A redirect to a redirect URI that was checked against the client's registration.</summary>
    public static IResult RedirectTo(string verifiedUri, IDictionary<string, string?> parameters) =>
        Results.Redirect(QueryHelpers.AddQueryString(verifiedUri, parameters.Where(p => p.Value != null)!));

    /// <summary>An error that must not go back to the client (unknown client or redirect URI): a page for people,
    /// JSON for programs. Never a redirect.</summary>
    public static IResult ErrorPage(HttpContext http, string error, string description) =>
        http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
            ? OidcPages.Result(StatusCodes.Status400BadRequest, "无法完成登录", description, error)
            : Error(error, description);

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class JsonResult(object body, int status, string? challenge) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            if (challenge != null)
            {
                response.Headers.WWWAuthenticate = challenge;
            }

            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), Options, cancellationToken: httpContext.RequestAborted);
        }
    }
}
