using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Data;
using OneWindow.Audit.Features.Sealing;
using OneWindow.Audit.Features.Verify;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Startup;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Audit;

/// <summary>An app of its own with the background sealer off, so a test decides when sealing happens and can leave
/// entries unsealed. Dispose it to drop the database.</summary>
public sealed class AuditTestApp : IAsyncDisposable
{
    private readonly OneWindowApp app;
    private readonly WebApplicationFactory<Program> factory;

    private AuditTestApp(OneWindowApp app)
    {
        this.app = app;
        factory = app.WithWebHostBuilder(builder => builder.UseSetting("Audit:Sealer", "false"));
    }

    public DbKind Kind => app.Kind;

    public IServiceProvider Services => factory.Services;

    public static async Task<AuditTestApp> StartAsync(DbKind kind)
    {
        var result = new AuditTestApp(new OneWindowApp(await TestDatabase.CreateAsync(kind), demoData: false));
        await result.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        return result;
    }

    /// <summary>Appends entries the way modules do: through a DbContext, inside a transaction.</summary>
    public async Task AppendAsync(int count, DateTimeOffset? at = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
        {
            await AuditLog.AppendAsync(db, new AuditRecord("tester", "7", "test.thing.done", "test.thing", $"T{i}", $"thing {i} done", "{\"n\":" + i + "}"), at ?? DateTimeOffset.UtcNow);
        }

        await transaction.CommitAsync();
    }

    public async Task<int> SealAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync();
    }

    public async Task<VerifyResult> VerifyAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
    }

    public async Task<T> DbAsync<T>(Func<AuditDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AuditDbContext>());
    }

    public Task<List<long>> SeqsAsync() => DbAsync(db => db.Entries.OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync());

    /// <summary>Tampering "directly in the database", as someone with table access would.</summary>
    public Task<int> SqlAsync(string sql) => DbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await app.DisposeAsync();
        await app.Database.DisposeAsync();
    }
}
