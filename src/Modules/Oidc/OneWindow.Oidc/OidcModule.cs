using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Oidc.Api;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Codes;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Endpoints;
using OneWindow.Oidc.Keys;
using OneWindow.Oidc.Refresh;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Data;
using OneWindow.Shared.Http;
using OneWindow.Shared.Startup;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc;

/// <summary>
/// Registers the platform's OpenID Connect provider (单点登录 for department systems, docs/integration-oidc.md): clients,
/// rotating signing keys, the /connect endpoints, discovery, and the "Bearer" scheme for the APIs (the host's
/// default scheme picks bearer, API key or cookie per request).
/// </summary>
public static class OidcModule
{
    public const string Name = "oidc";

    public const string BearerScheme = PlatformAuthentication.BearerScheme;

    public const string TokenRateLimit = "oidc-token";

    public static IServiceCollection AddOidcModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration, bool production, AtRestKeys keys, bool demoClient)
    {
        var options = OidcOptions.Load(configuration);
        options.WarnWithoutIssuer = production;
        services.AddSingleton(options);
        services.AddSingleton(KeyProtector.Load(keys));
        services.AddModuleDbContext<OidcDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(OidcModule).Assembly));
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<OidcIssuer>();
        services.AddScoped<KeyRotation>();
        services.AddScoped<TokenFactory>();
        services.AddScoped<ClientRegistry>();
        services.AddScoped<AuthorizationCodes>();
        services.AddScoped<RefreshTokens>();
        services.AddScoped<AccessTokens>();
        services.AddScoped<ClientAdministration>();
        // The scope this module's own API needs; other modules register theirs. Also makes sure the catalogue exists.
        services.AddApiScopes(new ApiScope(OidcScopes.ClientsManage, "管理接入系统", "Manage OIDC clients", [StaffRoles.PlatformAdmin, StaffRoles.DepartmentAdmin]));
        services.AddSingleton(sp => new ScopeDirectory(sp.GetService<ApiScopeCatalog>()));
        services.AddScoped<IStartupTask, SigningKeyStartupTask>();
        if (demoClient)
        {
            services.AddScoped<IStartupTask, DemoClientSeeder>();
        }

        if (options.Rotation)
        {
            services.AddHostedService<KeyRotationService>();
        }

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BearerHandler>(BearerScheme, null);
        services.AddOptions<RateLimiterOptions>().Configure(o => o.AddPolicy(TokenRateLimit, context => PerAddressLimit.PerMinute(context, "token", options.TokenPermitPerMinute)));
        return services;
    }

    /// <summary>Discovery, JWKS and /connect/* (protocol endpoints, outside the OpenAPI document; see
    /// docs/integration-oidc.md), GET /api/v1/me and /api/v1/oidc/clients.</summary>
    public static IEndpointRouteBuilder MapOidc(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/openid-configuration", DiscoveryEndpoints.Configuration).PublicEndpoint().ExcludeFromDescription();
        app.MapGet("/.well-known/jwks.json", DiscoveryEndpoints.Jwks).PublicEndpoint().ExcludeFromDescription();
        var connect = app.MapGroup("/connect").ExcludeFromDescription().DisableAntiforgery();
        connect.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.HandleAsync);
        // Client-authenticated protocol endpoints: they read no user identity, so any credential header is beside the point.
        connect.MapPost("/token", TokenEndpoint.HandleAsync).PublicEndpoint().RequireRateLimiting(TokenRateLimit);
        connect.MapPost("/revoke", RevocationEndpoint.HandleAsync).PublicEndpoint().RequireRateLimiting(TokenRateLimit);
        connect.MapPost("/introspect", IntrospectionEndpoint.HandleAsync).PublicEndpoint().RequireRateLimiting(TokenRateLimit);
        connect.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfoEndpoint.HandleAsync).ChecksScopeItself(OidcScopes.OpenId);
        connect.MapMethods("/endsession", [HttpMethods.Get, HttpMethods.Post], EndSessionEndpoint.HandleAsync);
        app.MapMeApi();
        app.MapClientsApi();
        return app;
    }
}
