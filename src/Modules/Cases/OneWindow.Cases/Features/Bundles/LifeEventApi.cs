using OneWindow.Shared.Security;
using OneWindow.Shared.Web;
using OneWindow.Shared.Results;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Api;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.Workflow;

namespace OneWindow.Cases.Features.Bundles;

public sealed record LifeEventSummary(string Key, string Name, string Description, IReadOnlyList<string> Items);

public sealed record LifeEventPlanResponse(string Key, string Name, string Description, string? Unavailable, IReadOnlyList<LifeEventItemResponse> Items,
    FormDefinition Form, IReadOnlyList<LifeEventMaterialResponse> Materials);

public sealed record LifeEventItemResponse(long ItemId, string Name, long DepartmentId, string DepartmentName);

public sealed record LifeEventMaterialResponse(int Index, string Name, bool Required, bool Uploadable, string Note, IReadOnlyList<string> Items);

public sealed record LifeEventApplyRequest(Dictionary<string, string?>? Answers, string? DeliveryMethod, string? DeliveryAddress, List<MaterialInput>? Materials);

public sealed record BundleResponse(long Id, string? Number, string EventKey, string EventName, string Overall, string OverallLabel, int Decided, string DeliveryMethod,
    string? TrackingNumber, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<BundleCaseResponse> Cases)
{
    public static BundleResponse From(BundleView v, bool english) => new(v.Bundle.Id, v.Bundle.Number, v.Bundle.EventKey, v.Bundle.EventName, v.Overall,
        BundleView.OverallLabel(v.Overall, english), v.SettledCount, v.Bundle.DeliveryMethod, v.Bundle.TrackingNumber, v.Bundle.SubmittedAt, v.Bundle.DecidedAt, v.Bundle.DeliveredAt,
        v.Cases.Select(c => new BundleCaseResponse(c.Id, c.Number, c.ItemName, c.DepartmentId, c.DepartmentName, c.Status, CaseStatus.Label(c.Status, english), c.Decision)).ToList());
}

public sealed record BundleCaseResponse(long Id, string? Number, string ItemName, long DepartmentId, string DepartmentName, int StatusCode, string Status, string? Decision);

public sealed record BundleDeliverBody(string? TrackingNumber);

/// <summary>/api/v1/life-events: the life events (一件事), their merged form and materials, one-call application with an
/// Idempotency-Key, the combined status and the one delivery.</summary>
public static class LifeEventApi
{
    public static IEndpointRouteBuilder MapLifeEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/life-events").WithTags("Life events");
        group.MapGet("", List).AllowAnonymous().PublicEndpoint().WithName("ListLifeEvents").WithSummary("Life events (一件事) offered");
        group.MapGet("/{key}", Plan).AllowAnonymous().PublicEndpoint().WithName("GetLifeEvent").WithSummary("A life event: its items, merged form and materials (asked once)")
            .Produces<LifeEventPlanResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        var signedIn = group.MapGroup("").RequireAuthorization().RequireScopes(CasesScopes.Read, CasesScopes.Write);
        signedIn.MapPost("/{key}/applications", Apply).WithName("ApplyForLifeEvent")
            .WithSummary("Apply once for a life event: one case per item, all or nothing (Idempotency-Key header required)")
            .Produces<BundleResponse>(StatusCodes.Status201Created).Produces<BundleResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        signedIn.MapGet("/applications/{id:long}", Get).WithName("GetLifeEventApplication").WithSummary("Combined status: every case and the overall state")
            .Produces<BundleResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        signedIn.MapPost("/applications/{id:long}/deliver", Deliver).WithName("DeliverLifeEventApplication")
            .WithSummary("One delivery of all results (window officer of the lead department)").Produces<BundleResponse>().ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static IResult List(HttpContext http)
    {
        var english = CaseApi.English(http);
        return TypedResults.Ok(LifeEventCatalogue.All.Select(e => new LifeEventSummary(e.Key, e.DisplayName(english), e.DisplayDescription(english), e.Items.Select(i => i.Name).ToList())).ToList());
    }

    private static async Task<IResult> Plan(string key, HttpContext http, LifeEvents events, CancellationToken ct)
    {
        var plan = await events.PlanAsync(key, ct);
        if (plan == null)
        {
            return NotFound.ToProblem();
        }

        var english = CaseApi.English(http);
        var d = plan.Definition;
        return TypedResults.Ok(new LifeEventPlanResponse(d.Key, d.DisplayName(english), d.DisplayDescription(english), plan.Unavailable,
            plan.Items.Select(i => new LifeEventItemResponse(i.ItemId, i.Name, i.DepartmentId, i.DepartmentName)).ToList(), plan.Form,
            plan.Materials.Select(m => new LifeEventMaterialResponse(m.Index, m.Name, m.Required, m.Uploadable, m.Note, m.Uses.Select(u => plan.Items[u.Item].Name).ToList())).ToList()));
    }

    private static async Task<IResult> Apply(string key, LifeEventApplyRequest body, HttpContext http, ClaimsPrincipal user, LifeEvents events, CancellationToken ct)
    {
        // Who is asking before what they sent: a caller who may not apply is refused whatever the request.
        var actor = CaseApi.Actor(user);
        if (actor?.ApplicantSubject == null)
        {
            return CaseFailures.Forbidden("cases.only_applicants_apply").ToProblem();
        }

        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length is 0 or > 64)
        {
            return CaseFailures.Invalid("Idempotency-Key", "cases.idempotency_key_required").ToProblem();
        }

        var english = CaseApi.English(http);
        var result = await events.CreateAndSubmitAsync(actor, key, new BundleInput(body.Answers ?? [], body.DeliveryMethod, body.DeliveryAddress, body.Materials ?? []), idempotencyKey, english, ct);
        if (!result.Succeeded)
        {
            return result.Failure!.ToProblem();
        }

        var (bundle, created) = result.Value;
        var view = (await events.ViewAsync(actor, bundle.Id, ct))!;
        var response = BundleResponse.From(view, english);
        return created ? TypedResults.Created($"/api/v1/life-events/applications/{bundle.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> Get(long id, HttpContext http, ClaimsPrincipal user, LifeEvents events, CancellationToken ct) =>
        CaseApi.Actor(user) is { } actor && await events.ViewAsync(actor, id, ct) is { } view
            ? TypedResults.Ok(BundleResponse.From(view, CaseApi.English(http)))
            : NotFound.ToProblem();

    private static async Task<IResult> Deliver(long id, BundleDeliverBody body, HttpContext http, ClaimsPrincipal user, LifeEvents events, CancellationToken ct)
    {
        if (CaseApi.Actor(user) is not { } actor)
        {
            return NotFound.ToProblem();
        }

        var result = await events.DeliverAsync(actor, id, body.TrackingNumber, ct);
        return result.Succeeded ? TypedResults.Ok(BundleResponse.From((await events.ViewAsync(actor, id, ct))!, CaseApi.English(http))) : result.Failure!.ToProblem();
    }

    private static Failure NotFound => CaseFailures.NotFound("cases.no_such_life_event_you", "cases.life_event_not_found");
}
