using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OneWindow.Shared.Security;

/// <summary>
/// One OAuth scope of the platform's APIs: what it grants and who may grant it. A request carrying a token or an API
/// key (a scope-bound credential, <see cref="PlatformAuthentication.IsScopeBound"/>) is allowed only what both the
/// holder's roles and the credential's scopes allow; an endpoint declares the scope it needs with
/// <see cref="ApiScopeEndpoints.RequireScope{TBuilder}"/>. Each module registers its scopes with
/// <see cref="ApiScopeRegistration.AddApiScopes"/>; the OIDC provider publishes and checks them (docs/integration-oidc.md).
/// </summary>
/// <param name="Name">The scope string, e.g. "cases.read".</param>
/// <param name="Zh">What it grants, as the consent page shows it.</param>
/// <param name="ConsentBy">Who may grant it to a system: <see cref="Citizens"/>, <see cref="AnyStaff"/>, or staff role
/// names (<see cref="StaffRoles"/>). Department systems (client credentials) may hold it when their registration lists it.</param>
public sealed record ApiScope(string Name, string Zh, string En, IReadOnlyList<string> ConsentBy)
{
    /// <summary>Any signed-in citizen (and enterprise agent) may consent.</summary>
    public const string Citizens = "citizen";

    /// <summary>Any staff member may consent (their roles still bound what the token can do).</summary>
    public const string AnyStaff = "staff";

    /// <summary>True when an API key (not only a token) may hold this scope: the public APIs that need a key (open-data
    /// rows, Open311 posting) declare theirs so.</summary>
    public bool ApiKeys { get; init; }

    /// <summary>Whether this person may grant the scope to a department system at the consent step.</summary>
    public bool CanConsent(PlatformPrincipal principal) =>
        principal.IsCitizen ? ConsentBy.Contains(Citizens)
        : principal.IsStaff && (ConsentBy.Contains(AnyStaff) || principal.Roles.Any(ConsentBy.Contains));
}

/// <summary>Endpoint metadata: the scopes (any one of them) a scope-bound credential must hold to call the endpoint.</summary>
public sealed record RequiredScopeMetadata(IReadOnlyList<string> AnyOf);

/// <summary>Endpoint metadata, usually on a module's API group: reads (GET, HEAD) need <paramref name="Read"/> or
/// <paramref name="Write"/>, everything else needs <paramref name="Write"/>. An explicit <see cref="RequiredScopeMetadata"/>
/// on the endpoint (a POST that only reads, say) takes its place.</summary>
public sealed record ReadWriteScopeMetadata(string Read, string Write);

/// <summary>Endpoint metadata: a protocol endpoint that checks <paramref name="Scope"/> itself and answers in its own
/// protocol's error form (OIDC userinfo answers RFC 6750 errors, not problem documents).</summary>
public sealed record SelfCheckedScopeMetadata(string Scope);

/// <summary>Endpoint metadata: a public endpoint that reads no identity, so any credential (or none) may call it.</summary>
public sealed record PublicEndpointMetadata;

public static class ApiScopeEndpoints
{
    /// <summary>A token or API key must hold one of <paramref name="anyOf"/> to reach this endpoint (sessions are not
    /// scope-bound; their roles alone decide). Declare on each group, read vs write per module.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] anyOf) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfZero(anyOf.Length);
        builder.WithMetadata(new RequiredScopeMetadata(anyOf));
        return builder;
    }

    /// <summary>Reads need <paramref name="read"/> (or <paramref name="write"/>), changes need <paramref name="write"/>:
    /// the usual declaration of a module's API group.</summary>
    public static TBuilder RequireScopes<TBuilder>(this TBuilder builder, string read, string write) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ReadWriteScopeMetadata(read, write));
        return builder;
    }

    /// <summary>The scope sets (any one of each) a scope-bound caller needs for this endpoint and method: empty when it
    /// is public, null when it declares nothing (then tokens and API keys are refused).</summary>
    public static IReadOnlyList<IReadOnlyList<string>>? ScopesNeeded(EndpointMetadataCollection metadata, string method)
    {
        if (metadata.GetMetadata<PublicEndpointMetadata>() != null || metadata.GetMetadata<SelfCheckedScopeMetadata>() != null)
        {
            return [];
        }

        var explicitScopes = metadata.GetOrderedMetadata<RequiredScopeMetadata>();
        if (explicitScopes.Count > 0)
        {
            return explicitScopes.Select(r => r.AnyOf).ToList();
        }

        if (metadata.GetMetadata<ReadWriteScopeMetadata>() is { } readWrite)
        {
            return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? [[readWrite.Read, readWrite.Write]] : [[readWrite.Write]];
        }

        return null;
    }

    /// <summary>The endpoint checks <paramref name="scope"/> itself, answering in its protocol's error form.</summary>
    public static TBuilder ChecksScopeItself<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new SelfCheckedScopeMetadata(scope));
        return builder;
    }

    /// <summary>Open to everyone and identity-blind: no scope needed. An endpoint that behaves differently for a
    /// signed-in caller is not public; it declares a scope.</summary>
    public static TBuilder PublicEndpoint<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new PublicEndpointMetadata());
        return builder;
    }
}

public static class ApiScopeRegistration
{
    public static IServiceCollection AddApiScopes(this IServiceCollection services, params ApiScope[] scopes)
    {
        foreach (var scope in scopes)
        {
            services.AddSingleton(scope);
        }

        services.AddSingleton<ApiScopeCatalog>();
        return services;
    }
}

/// <summary>Every scope the deployed modules registered, by name.</summary>
public sealed class ApiScopeCatalog(IEnumerable<ApiScope> scopes)
{
    private readonly Dictionary<string, ApiScope> byName = scopes.GroupBy(s => s.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyCollection<ApiScope> All => byName.Values;

    public ApiScope? Find(string name) => byName.GetValueOrDefault(name);
}
