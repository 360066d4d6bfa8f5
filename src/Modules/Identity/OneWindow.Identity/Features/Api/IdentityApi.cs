using OneWindow.Shared.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Identity.Features.Enterprises;
using OneWindow.Shared.Web;
using OneWindow.Shared.Results;

namespace OneWindow.Identity.Features.Api;

/// <summary>/api/v1/citizens and /api/v1/enterprises: registration of natural persons (自然人) and legal persons (法人).</summary>
public static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Identity");
        group.MapPost("/citizens", RegisterCitizen).PublicEndpoint().RequireRateLimiting(IdentityModule.RegistrationRateLimit)
            .WithName("RegisterCitizen").WithSummary("Register a citizen (自然人注册)")
            .Produces<CitizenResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithDescription("Name, 18-character citizen ID number (GB 11643-1999; a final x is read as X), mainland mobile number and a password of at least 10 characters with letters and digits. The answer shows the ID number masked. 409 when the number is already registered; 429 when one address registers too often.");
        group.MapPost("/enterprises", RegisterEnterprise).PublicEndpoint().RequireRateLimiting(IdentityModule.RegistrationRateLimit)
            .WithName("RegisterEnterprise").WithSummary("Register an enterprise by its unified social credit code (法人登记)")
            .Produces<RegisteredEnterprise>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithDescription("The credit code must pass the GB 32100-2015 check unless a platform admin sends checksumOverride: true with an overrideReason. 409 when the code is already registered.");
        return app;
    }

    private static async Task<IResult> RegisterCitizen(CitizenRegistrationRequest body, CitizenRegistration registration, CancellationToken ct)
    {
        var outcome = await registration.RegisterAsync(body, ct);
        return outcome.Failure is { } failure
            ? failure.ToProblem()
            : TypedResults.Created($"/api/v1/citizens/{outcome.Value!.Id}",
                new CitizenResponse(outcome.Value.Id, outcome.Value.Name, outcome.Value.IdNumberMasked, outcome.Value.AssuranceLevel));
    }

    private static async Task<IResult> RegisterEnterprise(EnterpriseRegistrationRequest body, ClaimsPrincipal user, EnterpriseRegistration registration, CancellationToken ct)
    {
        var admin = user.Identity?.IsAuthenticated == true && user.IsInRole(IdentityModule.PlatformAdminRole);
        var outcome = await registration.RegisterAsync(body, user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "unknown" : "anonymous", admin, ct);
        return outcome.Failure is { } failure ? failure.ToProblem() : TypedResults.Created($"/api/v1/enterprises/{outcome.Value!.Id}", outcome.Value);
    }

}

public sealed record CitizenResponse(long Id, string Name, string IdNumberMasked, int AssuranceLevel);
