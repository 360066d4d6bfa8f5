using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Security;

namespace OneWindow.Tests.Infrastructure;

/// <summary>
/// Two nodes of the platform on one database, as behind a load balancer: two <see cref="OneWindowApp"/>s with their
/// own service providers, caches and data-protection state, started at the same moment (so migrations, seeding and
/// the key ring are raced as on a real deployment), sharing nothing but the <see cref="TestDatabase"/>.
/// A <see cref="Browser"/> is one cookie jar talking to either node, so a test can sign in on A and go on on B.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private TwoNodes(TestDatabase database, OneWindowApp a, OneWindowApp b)
    {
        Database = database;
        A = a;
        B = b;
    }

    public TestDatabase Database { get; }

    public OneWindowApp A { get; }

    public OneWindowApp B { get; }

    /// <param name="settings">Configuration for both nodes.</param>
    /// <param name="services">Service replacements for each node (called once per node with "A" or "B").</param>
    /// <param name="demoData">Seed the demo city (slower); off by default, staff accounts bring their own department.</param>
    public static async Task<TwoNodes> StartAsync(DbKind kind, IReadOnlyDictionary<string, string>? settings = null,
        Action<string, IServiceCollection>? services = null, bool demoData = false)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var a = Node("A", database, settings, services, demoData);
        var b = Node("B", database, settings, services, demoData);
        try
        {
            // Both hosts start at once (Services builds and starts each), each running migrations and start-up tasks.
            await Task.WhenAll(Task.Run(a.WaitUntilReadyAsync), Task.Run(b.WaitUntilReadyAsync));
        }
        catch
        {
            await DisposeAllAsync(a, b, database);
            throw;
        }

        return new TwoNodes(database, a, b);
    }

    /// <summary>A further node on the same database (e.g. one configured differently); the caller disposes it.</summary>
    public OneWindowApp AnotherNode(IReadOnlyDictionary<string, string>? settings = null) => new(Database, demoData: false, settings: settings);

    /// <summary>A browser behind the load balancer: one cookie jar, requests sent to the node the test names.</summary>
    public Browser NewBrowser() => new(A, B);

    /// <summary>Creates a staff account with these roles (through node A's service, as the platform) and returns its
    /// user name and one-time password, for signing in through either node's form.</summary>
    public async Task<(string UserName, string Password, long Id)> CreateStaffAsync(string role = StaffRoles.PlatformAdmin, string departmentKey = "sj")
    {
        await A.EnsureDepartmentAsync(departmentKey);
        await using var scope = A.Services.CreateAsyncScope();
        var userName = "n" + Guid.NewGuid().ToString("N")[..16];
        var outcome = await scope.ServiceProvider.GetRequiredService<StaffAdministration>()
            .CreateAsync(new CreateStaffRequest(userName, "两节点测试 " + userName, departmentKey, null, [role]), StaffActor.System, default);
        var created = outcome.Value ?? throw new InvalidOperationException($"Creating a test account failed: {outcome.Failure?.Code}");
        return (userName, created.InitialPassword, created.Staff.Id);
    }

    public async ValueTask DisposeAsync() => await DisposeAllAsync(A, B, Database);

    private static OneWindowApp Node(string name, TestDatabase database, IReadOnlyDictionary<string, string>? settings,
        Action<string, IServiceCollection>? services, bool demoData) =>
        new(database, demoData, settings, services == null ? null : s => services(name, s));

    private static async Task DisposeAllAsync(OneWindowApp a, OneWindowApp b, TestDatabase database)
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>One cookie jar for both nodes (they answer on the same host name, as behind a load balancer); redirects
    /// are not followed.</summary>
    public sealed class Browser
    {
        public Browser(OneWindowApp a, OneWindowApp b)
        {
            Cookies = new CookieContainer();
            A = a.CreateDefaultClient(new CookieContainerHandler(Cookies));
            B = b.CreateDefaultClient(new CookieContainerHandler(Cookies));
        }

        public CookieContainer Cookies { get; }

        /// <summary>Requests to node A.</summary>
        public HttpClient A { get; }

        /// <summary>Requests to node B.</summary>
        public HttpClient B { get; }

        /// <summary>Names the cookies the jar holds (values are opaque protected payloads).</summary>
        public IReadOnlyList<string> CookieNames => Cookies.GetAllCookies().Select(c => c.Name).ToList();
    }
}
