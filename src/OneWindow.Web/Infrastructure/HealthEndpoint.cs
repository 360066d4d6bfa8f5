using OneWindow.Shared.Security;
using OneWindow.Shared.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Web.Infrastructure;

public static class HealthEndpoint
{
    /// <summary>GET /health: 200 when start-up has finished and the database answers; 503 otherwise.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (StartupGate gate, DatabaseSettings database, CancellationToken ct) =>
        {
            if (!gate.IsReady)
            {
                return Results.Json(new { status = gate.Failure == null ? "starting" : "failed" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            try
            {
                return await DatabasePing.AnswersAsync(database, ct)
                    ? Results.Json(new { status = "ok" })
                    : Results.Json(new { status = "database unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                return Results.Json(new { status = "database unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithTags("Health").WithSummary("Readiness: 200 when migrations and seeding are done and the database answers").ExcludeFromDescription().PublicEndpoint();
    }
}
