using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Startup;

namespace OneWindow.Oidc.Clients;

/// <summary>
/// Development data (only when Catalog:Seed:DemoData is true): one department system, 公安局业务办理系统, so a
/// department IT team can try both flows at once (docs/integration-oidc.md). Its secret is public: never enable demo
/// data in production. Runs after the catalogue seeder (which creates department "ga"); on every node, where the unique client id keeps
/// a second node from adding it again.
/// </summary>
public sealed class DemoClientSeeder(OidcDbContext db, ClientRegistry registry, IOrganisationDirectory departments, ILogger<DemoClientSeeder> logger) : IStartupTask
{
    public const string ClientId = "gaj-business-system";
    public const string Secret = "gaj-dev-secret-change-me-0123456789abcdef";
    public const string DepartmentKey = "ga";

    public static readonly string[] RedirectUris = ["http://localhost:5090/callback", "http://127.0.0.1:5090/callback"];

    public static readonly string[] PostLogoutRedirectUris = ["http://localhost:5090/signed-out", "http://127.0.0.1:5090/signed-out"];

    public string Name => "oidc.demo-client";

    public IReadOnlyCollection<string> After => ["catalog.seed"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await db.Clients.AnyAsync(c => c.ClientId == ClientId, cancellationToken))
        {
            return;
        }

        var department = (await departments.DepartmentByKeyAsync(DepartmentKey, cancellationToken))?.Id;
        var request = new ClientRegistration(ClientId, "公安局业务办理系统", department,
            [OidcScopes.AuthorizationCode, OidcScopes.ClientCredentials, OidcScopes.RefreshToken],
            [OidcScopes.OpenId, OidcScopes.Profile, OidcScopes.OfflineAccess, OidcScopes.CatalogRead, OidcScopes.CasesRead, OidcScopes.CasesWrite, OidcScopes.WebhooksManage,
                OidcScopes.LicencesRead, OidcScopes.LicencesWrite],
            RedirectUris, PostLogoutRedirectUris, Secret);
        RegisteredClient? client;
        try
        {
            (client, _) = await registry.CreateAsync(request, "system", null, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Clients.AnyAsync(c => c.ClientId == ClientId, cancellationToken))
            {
                return; // Another node seeded it at the same moment.
            }

            throw;
        }

        if (client != null)
        {
            logger.LogInformation("Seeded the demo OIDC client {ClientId}", ClientId);
        }
    }
}
