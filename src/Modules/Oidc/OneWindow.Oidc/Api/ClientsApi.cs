using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Oidc.Api;

/// <summary>A registered client as the administration API shows it (never its secret or its hash).</summary>
public sealed record ClientResponse(long Id, string ClientId, string Name, long? DepartmentId, IReadOnlyList<string> GrantTypes, IReadOnlyList<string> Scopes,
    IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris, bool Disabled, DateTimeOffset CreatedAt)
{
    public static ClientResponse From(OidcClient c) => new(c.Id, c.ClientId, c.Name, c.DepartmentId, Split(c.GrantTypes), Split(c.Scopes), Split(c.RedirectUris),
        Split(c.PostLogoutRedirectUris), c.Disabled, c.CreatedAt);

    private static List<string> Split(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <summary>A client with its secret in plain text: only in the answer to create and rotate, marked no-store.</summary>
public sealed record ClientWithSecretResponse(ClientResponse Client, string ClientSecret);

public sealed record ClientListResponse(IReadOnlyList<ClientResponse> Clients);

/// <summary>Body of POST (create) and PUT (update; clientId is ignored there, it never changes).</summary>
public sealed record ClientRequest(string? ClientId, string? Name, long? DepartmentId, IReadOnlyList<string>? GrantTypes, IReadOnlyList<string>? Scopes,
    IReadOnlyList<string>? RedirectUris, IReadOnlyList<string>? PostLogoutRedirectUris)
{
    public ClientInput ToInput() => new(ClientId, Name, DepartmentId, GrantTypes, Scopes, RedirectUris, PostLogoutRedirectUris);
}

/// <summary>/api/v1/oidc/clients: client administration (docs/integration-oidc.md).</summary>
public static class ClientsApi
{
    private const string Rules =
        " Callers: platform_admin (every client) or department_admin (its department's clients only), by session or by a user token with scope clients.manage. Others: 403. A client outside the caller's reach: 404. Audited.";

    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/oidc/clients").WithTags("OIDC clients").RequireAuthorization().RequireScope(OidcScopes.ClientsManage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("", List).WithName("ListOidcClients").WithSummary("The clients the caller administers, by client id")
            .Produces<ClientListResponse>().WithDescription(Rules.Trim());
        group.MapGet("/{id:long}", Get).WithName("GetOidcClient").WithSummary("One client (never its secret)")
            .Produces<ClientResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        group.MapPost("", Create).WithName("CreateOidcClient").WithSummary("Register a client; the answer carries its secret once")
            .Produces<ClientWithSecretResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithDescription("Body: clientId (3-100 of a-z 0-9 . _ -), name, departmentId (department admins: their own, or absent), grantTypes (authorization_code, client_credentials, refresh_token — the last only with the first), scopes (openid, profile, offline_access — only with refresh_token — and the API scopes of /.well-known/openid-configuration), redirectUris (required for authorization_code), postLogoutRedirectUris. The secret is generated, returned once and stored hashed." + Rules);
        group.MapPut("/{id:long}", Update).WithName("UpdateOidcClient").WithSummary("Change a client's name, department (platform admins), grant types, scopes and URIs")
            .Produces<ClientResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Same body as create; clientId cannot change. Taking refresh_token or offline_access away revokes the client's refresh tokens." + Rules);
        group.MapPost("/{id:long}/secret", Rotate).WithName("RotateOidcClientSecret").WithSummary("Replace the secret; the old one stops working at once; the answer carries the new one once")
            .Produces<ClientWithSecretResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        group.MapPost("/{id:long}/disable", Disable).WithName("DisableOidcClient").WithSummary("Disable: token requests and refreshes fail, refresh tokens are revoked (idempotent)")
            .Produces<ClientResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        group.MapPost("/{id:long}/enable", Enable).WithName("EnableOidcClient").WithSummary("Enable a disabled client (idempotent)")
            .Produces<ClientResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        return app;
    }

    private static async Task<IResult> List(ClaimsPrincipal user, ClientAdministration admin, CancellationToken ct) =>
        ClientAdminActor.From(user) is not { } actor ? Forbidden() : TypedResults.Ok(new ClientListResponse((await admin.ListAsync(actor, ct)).Select(ClientResponse.From).ToList()));

    private static async Task<IResult> Get(long id, ClaimsPrincipal user, ClientAdministration admin, CancellationToken ct) =>
        ClientAdminActor.From(user) is not { } actor ? Forbidden() : Respond(await admin.GetAsync(id, actor, ct), ClientResponse.From);

    private static async Task<IResult> Create(ClientRequest body, ClaimsPrincipal user, ClientAdministration admin, HttpContext http, CancellationToken ct)
    {
        if (ClientAdminActor.From(user) is not { } actor)
        {
            return Forbidden();
        }

        var outcome = await admin.CreateAsync(body.ToInput(), actor, ct);
        if (!outcome.Succeeded)
        {
            return outcome.Failure!.ToProblem();
        }

        http.Response.Headers.CacheControl = "no-store";
        var created = outcome.Value!;
        return TypedResults.Created($"/api/v1/oidc/clients/{created.Client.Id}", new ClientWithSecretResponse(ClientResponse.From(created.Client), created.Secret));
    }

    private static async Task<IResult> Update(long id, ClientRequest body, ClaimsPrincipal user, ClientAdministration admin, CancellationToken ct) =>
        ClientAdminActor.From(user) is not { } actor ? Forbidden() : Respond(await admin.UpdateAsync(id, body.ToInput(), actor, ct), ClientResponse.From);

    private static async Task<IResult> Rotate(long id, ClaimsPrincipal user, ClientAdministration admin, HttpContext http, CancellationToken ct)
    {
        if (ClientAdminActor.From(user) is not { } actor)
        {
            return Forbidden();
        }

        http.Response.Headers.CacheControl = "no-store";
        return Respond(await admin.RotateSecretAsync(id, actor, ct), c => new ClientWithSecretResponse(ClientResponse.From(c.Client), c.Secret));
    }

    private static async Task<IResult> Disable(long id, ClaimsPrincipal user, ClientAdministration admin, CancellationToken ct) =>
        ClientAdminActor.From(user) is not { } actor ? Forbidden() : Respond(await admin.SetDisabledAsync(id, true, actor, ct), ClientResponse.From);

    private static async Task<IResult> Enable(long id, ClaimsPrincipal user, ClientAdministration admin, CancellationToken ct) =>
        ClientAdminActor.From(user) is not { } actor ? Forbidden() : Respond(await admin.SetDisabledAsync(id, false, actor, ct), ClientResponse.From);

    private static IResult Respond<T, TResponse>(Outcome<T> outcome, Func<T, TResponse> map) =>
        outcome.Succeeded ? TypedResults.Ok(map(outcome.Value!)) : outcome.Failure!.ToProblem();

    private static IResult Forbidden() => OidcText.Fail(FailureKind.Forbidden, "oidc.clients_forbidden").ToProblem();
}
