using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Startup;

namespace OneWindow.Tests.Infrastructure;

/// <summary>The whole platform in memory over a real database, started exactly as production starts it
/// (migrations and seeding in the background; ready when /health would say so).</summary>
public sealed partial class OneWindowApp(TestDatabase database, bool demoData = true) : WebApplicationFactory<Program>
{
    public TestDatabase Database => database;

    public DbKind Kind => database.Kind;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:OneWindow", database.ConnectionString);
        builder.UseSetting("Catalog:Seed:DemoData", demoData ? "true" : "false");
        builder.UseSetting("DevSignIn:Enabled", "true");
        // Fixed development keys (as in appsettings.Development.json); production keys come from the environment.
        builder.UseSetting("Identity:DataProtection:EncryptionKey", "7h0cSJYn/J5Uh05xaRnCeN3NWUw+tan6bdv+jFvCCKM=");
        builder.UseSetting("Identity:DataProtection:IndexKey", "RBSI5yjg4A2IYClO0FXt7ra4djMrI7PkuY8N1Xl+2hs=");
        builder.UseSetting("Oidc:KeyEncryptionKey", "Jb0Xq7kM2vY9cR4nT1wL6pA8sD3fG5hJ0kZ2xC7vB9E=");
        builder.UseSetting("Identity:Registration:PermitPerMinute", "100000");
        builder.UseSetting("Identity:SignIn:PermitPerMinute", "100000");
        builder.UseSetting("Oidc:TokenPermitPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
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

    /// <summary>A client signed in through the real sign-in form (antiforgery token included).</summary>
    public async Task<HttpClient> SignedInAsync(string role, string? departmentKey = null)
    {
        var client = Anonymous();
        var token = await AntiforgeryTokenAsync(client, "/staff/signin");
        var response = await client.PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Role"] = role,
            ["DepartmentKey"] = departmentKey ?? "",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {role} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>
/// One demo-seeded app per database kind, started on first use and disposed (with its database) when the test
/// process exits: seeding 3,219 divisions and the demo catalogue once, not per test class.
/// </summary>
public sealed class AppPerDatabase
{
    private readonly Lazy<Task<OneWindowApp>> sqlite = new(() => StartAsync(DbKind.Sqlite));
    private readonly Lazy<Task<OneWindowApp>> postgres = new(() => StartAsync(DbKind.Postgres));

    public Task<OneWindowApp> GetAsync(DbKind kind) => kind == DbKind.Sqlite ? sqlite.Value : postgres.Value;

    private static async Task<OneWindowApp> StartAsync(DbKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var app = new OneWindowApp(database);
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
