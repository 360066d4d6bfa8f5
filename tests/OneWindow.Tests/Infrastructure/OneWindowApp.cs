using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneWindow.Identity.Features.Messaging;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Security;
using OneWindow.Shared.Startup;

namespace OneWindow.Tests.Infrastructure;

/// <summary>The whole platform in memory over a real database, started exactly as production starts it
/// (migrations and seeding in the background; ready when /health would say so).</summary>
/// <param name="settings">Extra configuration for this app only (e.g. Files:MaxBytes), applied after the defaults.</param>
/// <param name="testServices">Service replacements for this app only (a movable clock, a test calendar).</param>
/// <param name="configure">Anything else a test sets on this app's host.</param>
public sealed partial class OneWindowApp(TestDatabase database, bool demoData = true, IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? testServices = null, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    public TestDatabase Database => database;

    public DbKind Kind => database.Kind;

    /// <summary>Every text message and mail this app sent (codes included): the tests' sender, in place of the
    /// configured "discard" (test hosts run outside Development, where /dev/outbox does not exist). A test that sets
    /// Identity:Messaging:Sender itself gets that sender instead.</summary>
    public CapturingMessageSender Messages { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:OneWindow", database.ConnectionString);
        builder.UseSetting("Catalog:Seed:DemoData", demoData ? "true" : "false");
        // Every at-rest key, explicitly: outside Development nothing is generated or built in (AtRestKeys). These are
        // the public development keys of appsettings.Development.json; production keys come from the environment.
        builder.UseSetting("Identity:DataProtection:EncryptionKey", "7h0cSJYn/J5Uh05xaRnCeN3NWUw+tan6bdv+jFvCCKM=");
        builder.UseSetting("Identity:DataProtection:IndexKey", "RBSI5yjg4A2IYClO0FXt7ra4djMrI7PkuY8N1Xl+2hs=");
        builder.UseSetting("Identity:DataProtection:KeyRingKey", "0ztC8oKnJjLZ9eRQhDVyAvu0a40yumj9ni8HN7iQo1k=");
        builder.UseSetting("Oidc:KeyEncryptionKey", "Jb0Xq7kM2vY9cR4nT1wL6pA8sD3fG5hJ0kZ2xC7vB9E=");
        builder.UseSetting("Integration:SecretEncryptionKey", "p3Qk9Wm2Zr7Tx4Lb8Nc1Vd6Hf0Js5Ga3Ye2Ku9Oi7Aw=");
        builder.UseSetting("Licences:KeyEncryptionKey", "Lc7Vb2Nq9Xr4Tm1Kd8Hs3Fw6Jp0Yz5Ga2Ue7Oi4Rn1M=");
        builder.UseSetting("Exchange:IndexKey", "f0Ze56PHkP/FiS2rORIaHAzNW3nWRI/Jh5VQGE9Tb0k=");
        builder.UseSetting("Exchange:KeyEncryptionKey", "cMLBrjmtWFwu5/GYhsnaaLrr+zzVyi1GDLkPXZW9TEc=");
        builder.UseSetting("Identity:Registration:PermitPerMinute", "100000");
        builder.UseSetting("Identity:SignIn:PermitPerMinute", "100000");
        // Every test client comes from the same address: only the throttling tests count failures per address.
        builder.UseSetting("Identity:SignIn:AddressMaxFailures", "100000");
        builder.UseSetting("Oidc:TokenPermitPerMinute", "100000");
        builder.UseSetting("Licences:VerifyPermitPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Outside Development a sender must be named; the capturing sender below replaces it.
        builder.UseSetting("Identity:Messaging:Sender", "discard");
        builder.UseSetting("Logging:LogLevel:OneWindow.Identity.Features.Messaging.DiscardMessageSender", "Error");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (settings?.ContainsKey("Identity:Messaging:Sender") != true)
        {
            // Unless a test names its own sender, messages are captured.
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IMessageSender>();
                services.AddSingleton<IMessageSender>(Messages);
            });
        }

        if (testServices != null)
        {
            builder.ConfigureTestServices(testServices);
        }

        configure?.Invoke(builder);
    }

    public async Task WaitUntilReadyAsync()
    {
        var gate = Services.GetRequiredService<StartupGate>();
        await gate.Ready.WaitAsync(TimeSpan.FromMinutes(3));
    }

    /// <summary>Runs a query against one module's DbContext in a scope of its own, to check rows directly.</summary>
    public async Task<T> QueryAsync<TContext, T>(Func<TContext, Task<T>> query) where TContext : Microsoft.EntityFrameworkCore.DbContext
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// A client signed in through the real staff sign-in form as a new account of its own, named by the role the
    /// catalogue tests think in: "editor" → catalog_editor of the department (ga by default), "reviewer" →
    /// catalog_reviewer anchored at the department's division (司法局 sf, 340100, by default), "admin" →
    /// platform_admin (数据资源局 sj). A StaffRoles name is taken as it is (in ga unless a department is given).
    /// </summary>
    public async Task<HttpClient> SignedInAsync(string role, string? departmentKey = null)
    {
        var (roles, department) = role switch
        {
            "editor" => (StaffRoles.CatalogEditor, departmentKey ?? "ga"),
            "reviewer" => (StaffRoles.CatalogReviewer, departmentKey ?? "sf"),
            "admin" => (StaffRoles.PlatformAdmin, departmentKey ?? "sj"),
            _ when StaffRoles.IsKnown(role) => (role, departmentKey ?? "ga"),
            _ => throw new ArgumentException($"Unknown test role {role}", nameof(role)),
        };
        return (await SignInStaffAsync([roles], department)).Client;
    }

    /// <summary>Creates a staff account through the staff service (as the platform itself) with exactly these roles,
    /// department and division (empty: the department's), and signs it in through the form.</summary>
    public async Task<StaffSession> SignInStaffAsync(IReadOnlyList<string> roles, string departmentKey, string? regionCode = null)
    {
        await EnsureDepartmentAsync(departmentKey);
        var userName = "t" + Guid.NewGuid().ToString("N")[..16];
        CreatedStaff created;
        await using (var scope = Services.CreateAsyncScope())
        {
            var administration = scope.ServiceProvider.GetRequiredService<StaffAdministration>();
            var outcome = await administration.CreateAsync(new CreateStaffRequest(userName, "测试人员 " + userName, departmentKey, regionCode, roles), StaffActor.System, default);
            created = outcome.Value ?? throw new InvalidOperationException(
                $"Creating a test account failed: {outcome.Failure?.Code} {outcome.Failure?.Detail}");
        }

        var client = await SignInFormAsync(userName, created.InitialPassword);
        return new StaffSession(client, created.Staff.Id, userName, created.InitialPassword);
    }

    /// <summary>Posts the staff sign-in form with its antiforgery token; the client keeps the session cookie.</summary>
    public async Task<HttpClient> SignInFormAsync(string userName, string password)
    {
        var client = Anonymous();
        var response = await PostSignInAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var token = await AntiforgeryTokenAsync(client, "/staff/signin");
        return await client.PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl ?? "",
        }));
    }

    /// <summary>Apps without the demo city have no departments; staff need one, so a bare one is added under the key.</summary>
    public Task EnsureDepartmentAsync(string key) => QueryAsync<CatalogDbContext, int>(async db =>
    {
        if (await db.Departments.AnyAsync(d => d.Key == key))
        {
            return 0;
        }

        var code = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        db.Departments.Add(new Department { Key = key, Name = "测试部门" + code, NameEn = "Test " + code, CreditCode = "11340100" + code, RegionCode = "340100", SortOrder = 999 });
        try
        {
            return await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return 0; // another test added it at the same moment
        }
    });

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>A signed-in test account: its client (session cookie), id, user name and initial password.</summary>
public sealed record StaffSession(HttpClient Client, long StaffId, string UserName, string Password);

/// <summary>
/// One demo-seeded app per database kind, started on first use and disposed (with its database) when the test
/// process exits: seeding 3,219 divisions and the demo catalogue once, not per test class.
/// </summary>
public sealed class AppPerDatabase
{
    private readonly Lazy<Task<OneWindowApp>> sqlite;
    private readonly Lazy<Task<OneWindowApp>> postgres;

    /// <param name="services">Test doubles for these apps (see <see cref="OneWindowApp"/>).</param>
    /// <param name="demoData">False for apps whose only data is what their tests add.</param>
    public AppPerDatabase(Action<IServiceCollection>? services = null, bool demoData = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        sqlite = new(() => StartAsync(DbKind.Sqlite, services, demoData, settings));
        postgres = new(() => StartAsync(DbKind.Postgres, services, demoData, settings));
    }

    public Task<OneWindowApp> GetAsync(DbKind kind) => kind == DbKind.Sqlite ? sqlite.Value : postgres.Value;

    private static async Task<OneWindowApp> StartAsync(DbKind kind, Action<IServiceCollection>? services, bool demoData, IReadOnlyDictionary<string, string>? settings)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var app = new OneWindowApp(database, demoData, settings, testServices: services);
        await app.WaitUntilReadyAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            app.Dispose();
            database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        };
        return app;
    }
}

/// <summary>The apps most test classes share. Tests that change data create their own items or use
/// <see cref="OneWindowApp"/> directly; tests that need data nobody else changes use an <see cref="AppPerDatabase"/> of their own.</summary>
public static class SharedApps
{
    private static readonly AppPerDatabase Apps = new();

    public static Task<OneWindowApp> GetAsync(DbKind kind) => Apps.GetAsync(kind);
}
