using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Startup;

namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>
/// The real app served by Kestrel on a free loopback port, over a fresh SQLite file with the demo city, started as
/// production starts it (migrations and seeding in the background; ready when /health says so).
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"ow-browser-{Guid.NewGuid():N}.db");

    public PortalServer()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public Uri BaseAddress { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development: the suite reads one-time codes off /dev/outbox as a developer does, and the dev-outbox sender
        // exists in Development only (every other environment refuses it and answers /dev/outbox with 404).
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:OneWindow", $"Data Source={databasePath};Pooling=False");
        builder.UseSetting("Catalog:Seed:DemoData", "true");
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
        // The suite signs in and registers many accounts from one address within a minute; the limits themselves are
        // covered by the integration tests.
        builder.UseSetting("Identity:Registration:PermitPerMinute", "1000");
        builder.UseSetting("Identity:SignIn:PermitPerMinute", "1000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public async Task StartAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal));
        BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        await Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));

        // Same readiness signal a load balancer uses.
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var health = await http.GetAsync("/health");
        if (health.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /health → {(int)health.StatusCode}: {await health.Content.ReadAsStringAsync()}");
        }

        var css = await http.GetAsync("/css/site.css");
        if (css.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /css/site.css → {(int)css.StatusCode}: the pages would be checked without their styles");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".startup-lock" })
        {
            try { File.Delete(databasePath + suffix); } catch (IOException) { }
        }
    }
}
