using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneWindow.Catalog.Data;
using OneWindow.Identity.Data;
using OneWindow.Licences.Data;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Platform;

/// <summary>
/// Two nodes started at the same moment on an empty database, with the demo city: the schema is migrated once, the
/// reference and demo data are seeded once (start-up work runs one node at a time, StartupLock; before, the second
/// node's start-up failed on PostgreSQL with a duplicate demo licence), and both share one key ring.
/// </summary>
public abstract class TwoNodeStartupTests(DbKind kind)
{
    [Fact]
    public async Task Nodes_started_together_migrate_and_seed_once_and_know_every_key_of_the_ring()
    {
        await using var nodes = await TwoNodes.StartAsync(kind, demoData: true);

        Assert.Equal(27, await nodes.B.QueryAsync<CatalogDbContext, int>(db => db.Departments.CountAsync()));
        Assert.Equal(2, await nodes.B.QueryAsync<IdentityDbContext, int>(db => db.Citizens.CountAsync()));
        Assert.Equal(6, await nodes.B.QueryAsync<LicencesDbContext, int>(db => db.Licences.CountAsync(l => l.SourceReference.StartsWith("demo:"))));

        // Whichever node wrote the ring, both know every key in it; and nothing read it before migrations had run.
        var keys = await SharedKeyRingTests.KeyCountAsync(nodes.A);
        Assert.InRange(keys, 1, 2);
        foreach (var node in new[] { nodes.A, nodes.B })
        {
            Assert.Equal(keys, node.Services.GetRequiredService<IKeyManager>().GetAllKeys().Count(k => !k.IsRevoked));
            Assert.DoesNotContain(node.Services.GetServices<IHostedService>(), h => h.GetType().Namespace!.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class TwoNodeStartupTestsOnSqlite() : TwoNodeStartupTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class TwoNodeStartupTestsOnPostgres() : TwoNodeStartupTests(DbKind.Postgres);
