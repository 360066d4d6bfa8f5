using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Api;

/// <summary>Who is calling: the session's citizen or staff member, or a bearer token's user or client.</summary>
public sealed record MeResponse(
    string Subject,
    string Kind,
    string Name,
    long? DepartmentId,
    string? RegionCode,
    IReadOnlyList<string> Roles,
    int? Assurance,
    long? ActingForEnterpriseId,
    IReadOnlyList<string> Scopes);

/// <summary>GET /api/v1/me.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me", Me).RequireAuthorization().PublicEndpoint().WithTags("Identity")
            .WithName("GetCurrentPrincipal").WithSummary("The signed-in principal (session cookie or bearer access token)")
            .WithDescription("Works with the session cookie (citizen, staff) and with an access token from /connect/token (`Authorization: Bearer …`, a user's or a department system's own). `scopes` lists the token's scopes (empty for a session). 401 for anyone else, including invalid, expired or forged tokens.")
            .Produces<MeResponse>().ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static Results<Ok<MeResponse>, ProblemHttpResult> Me(HttpContext http)
    {
        var principal = PlatformPrincipal.From(http.User);
        if (principal == null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "请先登录", detail: "此操作需要登录");
        }

        var scopes = OidcScopes.Parse(http.User.FindFirst(PlatformClaims.Scope)?.Value);
        return TypedResults.Ok(new MeResponse(principal.Subject, principal.Kind, principal.Name, principal.DepartmentId, principal.RegionCode,
            principal.Roles.Order(StringComparer.Ordinal).ToList(), principal.Assurance, principal.ActingForEnterpriseId, scopes));
    }
}
