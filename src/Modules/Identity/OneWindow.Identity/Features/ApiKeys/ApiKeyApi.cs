using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Features.ApiKeys;

public sealed record ApiKeyResponse(long Id, string Prefix, string Name, IReadOnlyList<string> Scopes, int PermitPerMinute, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyResponse> Items);

/// <summary>The new key (<see cref="Key"/> appears in this answer only) and its description.</summary>
public sealed record CreatedApiKeyResponse(string Key, ApiKeyResponse ApiKey);

public sealed record CurrentApiKeyResponse(string Prefix, string Name, string Owner, IReadOnlyList<string> Scopes, int PermitPerMinute, DateTimeOffset? ExpiresAt);

/// <summary>
/// /api/v1/api-keys: GET /current for an API-key caller (its own key); list, create and revoke for a citizen's
/// browser session only — a token or an API key never manages keys (the cookie scheme alone is read there).
/// </summary>
public static class ApiKeyApi
{
    /// <summary>A citizen signed in with the session cookie; other credentials are not looked at.</summary>
    public static readonly AuthorizationPolicy CitizenSession = new AuthorizationPolicyBuilder(PlatformAuthentication.CookieScheme)
        .RequireClaim(PlatformClaims.Kind, PlatformClaims.KindCitizen).Build();

    public static IEndpointRouteBuilder MapApiKeyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-keys").WithTags("API keys")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/current", Current).RequireApiKeySelf().RequireRateLimiting(PlatformAuthentication.ApiKeyRateLimit)
            .WithName("GetCurrentApiKey").WithSummary("The API key this request carries (X-Api-Key)")
            .Produces<CurrentApiKeyResponse>().ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithDescription("Only an `X-Api-Key` header is read here: its prefix, name, owner, scopes, per-minute permit and expiry. A missing, malformed, unknown, altered, revoked or expired key: 401 problem (`identity.api_key_*`). Counts against the key's per-minute permit (429 with Retry-After).");

        var manage = group.MapGroup("").RequireAuthorization(CitizenSession);
        manage.MapGet("", List).WithName("ListApiKeys").WithSummary("The signed-in citizen's API keys, newest first")
            .Produces<ApiKeyListResponse>()
            .WithDescription("Citizen browser session only (tokens and API keys: 401). Secrets are never shown again; `prefix` names each key.");
        manage.MapPost("", Create).WithName("CreateApiKey").WithSummary("Create an API key (shown once)")
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("name: up to 100 characters. scopes: scopes registered for API keys only (others: 400 on `scopes`). permitPerMinute: optional, 1 to the platform's default (Identity:ApiKeys:PermitPerMinute). expiresInDays: optional, 1-730; none = no expiry. The answer's `key` (`owk_<prefix>_<secret>`) is shown once; only its SHA-256 is stored. Audited as identity.api_key.created. Citizen browser session only.");
        manage.MapDelete("/{id:long}", Revoke).WithName("RevokeApiKey").WithSummary("Revoke one of your API keys (effective at once, idempotent)")
            .Produces<ApiKeyResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Another citizen's key answers 404. Audited as identity.api_key.revoked. Citizen browser session only.");
        return app;
    }

    private static async Task<IResult> Current(ClaimsPrincipal user, ApiKeyService keys, CancellationToken ct)
    {
        var id = long.Parse(user.FindFirstValue(PlatformClaims.ApiKeyId)!, System.Globalization.CultureInfo.InvariantCulture);
        if (await keys.CurrentAsync(id, ct) is not { } current)
        {
            return TypedResults.NotFound();
        }

        var (view, owner) = current;
        return TypedResults.Ok(new CurrentApiKeyResponse(view.Prefix, view.Name, owner, view.Scopes, view.PermitPerMinute, view.ExpiresAt));
    }

    private static async Task<IResult> List(ClaimsPrincipal user, ApiKeyService keys, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var list = await keys.ListAsync(CitizenOf(user), ct);
        return TypedResults.Ok(new ApiKeyListResponse(list.Select(k => ToResponse(k, now)).ToList()));
    }

    private static async Task<IResult> Create(CreateApiKeyRequest request, ClaimsPrincipal user, HttpContext http, ApiKeyService keys, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await keys.CreateAsync(CitizenOf(user), request, ct);
        if (outcome.Failure is { } failure)
        {
            return failure.ToProblem();
        }

        var created = outcome.Value!;
        http.Response.Headers.CacheControl = "no-store";
        var response = ToResponse(created.View, clock.GetUtcNow());
        return TypedResults.Created($"/api/v1/api-keys/{created.View.Id}", new CreatedApiKeyResponse(created.Key, response));
    }

    private static async Task<IResult> Revoke(long id, ClaimsPrincipal user, ApiKeyService keys, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await keys.RevokeAsync(CitizenOf(user), id, ct);
        return outcome.Failure is { } failure ? failure.ToProblem() : TypedResults.Ok(ToResponse(outcome.Value!, clock.GetUtcNow()));
    }

    private static long CitizenOf(ClaimsPrincipal user) =>
        PlatformPrincipal.From(user)?.AccountId ?? throw new InvalidOperationException("The citizen-session policy admits citizens only.");

    private static ApiKeyResponse ToResponse(ApiKeyView k, DateTimeOffset now) =>
        new(k.Id, k.Prefix, k.Name, k.Scopes, k.PermitPerMinute, k.Status(now), k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.RevokedAt);
}
