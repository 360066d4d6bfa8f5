using OneWindow.Shared.Security;
using OneWindow.Shared.Web;
using OneWindow.Shared.Results;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Cases.Features.Api;
using OneWindow.Cases.Features.Workflow;

namespace OneWindow.Cases.Features.Figures;

/// <summary>GET /api/v1/cases/figures: the reform figures (改革成效) of the caller's scope over a date range.</summary>
public static class FiguresApi
{
    public static IEndpointRouteBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/cases/figures", Get).RequireAuthorization().RequireScope(CasesScopes.Read, CasesScopes.Write).WithTags("Cases").WithName("GetReformFigures")
            .WithSummary(CaseText.T("cases.share_decided_fully_online_per"))
            .Produces<FigureReport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Parses yyyy-MM-dd; an empty value is null, a bad one an error keyed by the parameter.</summary>
    public static bool TryDate(string? text, string name, out DateOnly? date, out Failure? problem)
    {
        date = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        problem = CaseFailures.Invalid(name, "cases.dates_yyyy_mm_dd");
        return false;
    }

    private static async Task<IResult> Get(string? from, string? to, ClaimsPrincipal user, ReformFigures figures, CancellationToken ct)
    {
        if (!TryDate(from, "from", out var start, out var problem) || !TryDate(to, "to", out var end, out problem))
        {
            return problem!.ToProblem();
        }

        if (CaseApi.Actor(user) is not { } actor)
        {
            return CaseFailures.Forbidden("cases.sign_in").ToProblem();
        }

        var result = await figures.ComputeAsync(actor, start, end, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.Failure!.ToProblem();
    }
}
