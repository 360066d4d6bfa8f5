using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog.Data;
using OneWindow.Licences.Data;
using OneWindow.Shared.Licences;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.IdentityTestData;
using static OneWindow.Tests.Licences.LicencesTestKit;

namespace OneWindow.Tests.Licences;

/// <summary>ILicenceLibrary as case handling uses it: issuing inside another module's transaction (commits and rolls
/// back with it), idempotency, refusals, and HeldAsync/CheckAsync/TypeExistsAsync.</summary>
public abstract class LicenceLibraryTests(DbKind kind)
{
    private static LicenceIssue Request(long department, string holderCode, string reference, string type = "居民户口簿") =>
        new(type, "库测试", holderCode, "111", department, reference, new DateOnly(2025, 2, 1),
            new Dictionary<string, string> { ["householdHead"] = "库测试", ["relation"] = "户主", ["householdRegion"] = "340104", ["address"] = "合肥市测试路2号", ["unknown"] = "dropped" });

    [Fact]
    public async Task Issuing_commits_with_the_callers_transaction_and_rolls_back_with_it()
    {
        var app = await SharedApps.GetAsync(kind);
        var ga = await DepartmentIdAsync(app, "ga");
        var kept = NewIdNumber();
        var dropped = NewIdNumber();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The caller is another module's context (the catalogue's here, a case's in production).
            var host = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var library = scope.ServiceProvider.GetRequiredService<ILicenceLibrary>();
            await using (var tx = await host.Database.BeginTransactionAsync())
            {
                await library.IssueWithinAsync(host, Request(ga, kept, "case:" + kept), default);
                await tx.CommitAsync();
            }

            await using (var tx = await host.Database.BeginTransactionAsync())
            {
                var issued = await library.IssueWithinAsync(host, Request(ga, dropped, "case:" + dropped), default);
                Assert.StartsWith("1.2.156.3005.2.", issued.Identifier);
                await tx.RollbackAsync();
            }
        }

        Assert.Equal(1, await app.QueryAsync<LicencesDbContext, int>(db => db.Licences.CountAsync(l => l.HolderCode == kept)));
        Assert.Equal(0, await app.QueryAsync<LicencesDbContext, int>(db => db.Licences.CountAsync(l => l.HolderCode == dropped)));
        var held = Assert.Single(await HeldAsync(app, kept, null));
        Assert.False(held.Data.ContainsKey("unknown"));
        Assert.Equal("库测试", held.Data["name"]);
        Assert.Equal(kept, held.Data["idNumber"]);
    }

    [Fact]
    public async Task The_same_type_and_source_reference_give_the_same_licence()
    {
        var app = await SharedApps.GetAsync(kind);
        var ga = await DepartmentIdAsync(app, "ga");
        var holder = NewIdNumber();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicencesDbContext>();
        var library = scope.ServiceProvider.GetRequiredService<ILicenceLibrary>();

        await using var tx = await db.Database.BeginTransactionAsync();
        var first = await library.IssueWithinAsync(db, Request(ga, holder, "case:idem-" + holder), default);
        var second = await library.IssueWithinAsync(db, Request(ga, holder, "case:idem-" + holder), default);
        await tx.CommitAsync();
        await using var tx2 = await db.Database.BeginTransactionAsync();
        var third = await library.IssueWithinAsync(db, Request(ga, holder, "case:idem-" + holder), default);
        await tx2.CommitAsync();

        Assert.Equal(first.Identifier, second.Identifier);
        Assert.Equal(first.Identifier, third.Identifier);
        Assert.Equal(1, await app.QueryAsync<LicencesDbContext, int>(q => q.Licences.CountAsync(l => l.HolderCode == holder)));
    }

    [Fact]
    public async Task Issuing_refuses_no_transaction_unknown_types_bad_holders_and_missing_fields()
    {
        var app = await SharedApps.GetAsync(kind);
        var ga = await DepartmentIdAsync(app, "ga");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicencesDbContext>();
        var library = scope.ServiceProvider.GetRequiredService<ILicenceLibrary>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => library.IssueWithinAsync(db, Request(ga, NewIdNumber(), "x:1"), default));
        await using var tx = await db.Database.BeginTransactionAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => library.IssueWithinAsync(db, Request(ga, NewIdNumber(), "x:2", type: "不存在的证照"), default));
        await Assert.ThrowsAsync<ArgumentException>(() => library.IssueWithinAsync(db, Request(ga, "340104198703150010", "x:3"), default)); // wrong check digit
        await Assert.ThrowsAsync<ArgumentException>(() => library.IssueWithinAsync(db, Request(ga, NewCreditCode(), "x:4") with { HolderCodeType = "001" }, default)); // 户口簿 is for people
        await Assert.ThrowsAsync<ArgumentException>(() => library.IssueWithinAsync(db, Request(ga, NewIdNumber(), "x:5") with { Data = new Dictionary<string, string>() }, default));
        await Assert.ThrowsAsync<ArgumentException>(() => library.IssueWithinAsync(db, Request(-1, NewIdNumber(), "x:6"), default));
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task Held_licences_are_only_the_valid_ones_and_types_are_found_by_code_or_name()
    {
        var app = await SharedApps.GetAsync(kind);
        var holder = NewIdNumber();
        var valid = await IssueAsync(app, holder);
        var expired = await IssueAsync(app, holder, type: "居住证", issuedOn: new DateOnly(2020, 1, 1), data: new() { ["address"] = "合肥市某路" });
        var revoked = await IssueAsync(app, holder, reference: "test:revoked-" + holder);
        await app.QueryAsync<LicencesDbContext, int>(db => db.Licences.Where(l => l.Identifier == revoked.Identifier).ExecuteUpdateAsync(s => s.SetProperty(l => l.State, "revoked")));

        var held = await HeldAsync(app, holder, null);
        var byType = await HeldAsync(app, holder, ["居民户口簿"]);
        var byCode = await HeldAsync(app, holder, [valid.TypeCode]);

        Assert.Equal([valid.Identifier], held.Select(h => h.Identifier));
        Assert.Equal([valid.Identifier], byType.Select(h => h.Identifier));
        Assert.Equal([valid.Identifier], byCode.Select(h => h.Identifier));
        Assert.Empty(await HeldAsync(app, holder, ["结婚证"]));
        await using var scope = app.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<ILicenceLibrary>();
        Assert.True(await library.TypeExistsAsync("老年人优待证", default));
        Assert.True(await library.TypeExistsAsync(valid.TypeCode, default));
        Assert.False(await library.TypeExistsAsync("不存在的证照", default));
        Assert.Equal(LicenceStatus.Expired, (await library.CheckAsync(expired.Identifier, default)).Status);
        Assert.Equal(LicenceStatus.Revoked, (await library.CheckAsync(revoked.Identifier, default)).Status);
        Assert.True((await library.CheckAsync(valid.Identifier, default)).IsValid);
    }

    [Fact]
    public async Task A_record_altered_in_the_database_is_tampered()
    {
        var app = await SharedApps.GetAsync(kind);
        var holder = NewIdNumber();
        var held = await IssueAsync(app, holder);
        await app.QueryAsync<LicencesDbContext, int>(db => db.Licences.Where(l => l.Identifier == held.Identifier).ExecuteUpdateAsync(s => s.SetProperty(l => l.HolderName, "别人")));

        Assert.Equal("tampered", (await VerifyAsync(app.Anonymous(), identifier: held.Identifier)).Status);
        Assert.Empty(await HeldAsync(app, holder, null));
    }

    private static async Task<IReadOnlyList<HeldLicence>> HeldAsync(OneWindowApp app, string holder, IReadOnlyCollection<string>? types)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ILicenceLibrary>().HeldAsync(holder, types, default);
    }
}

[Trait("Database", "Sqlite")]
public sealed class LicenceLibraryTestsOnSqlite() : LicenceLibraryTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class LicenceLibraryTestsOnPostgres() : LicenceLibraryTests(DbKind.Postgres);
