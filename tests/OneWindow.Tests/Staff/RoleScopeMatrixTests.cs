using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using OneWindow.Catalog.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Catalog;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Shared.Security.StaffRoles;
using static OneWindow.Tests.Staff.StaffTestKit;

namespace OneWindow.Tests.Staff;

/// <summary>
/// The role × scope matrix, through real sign-ins and real endpoints. For every role in <see cref="StaffRoles.All"/>
/// a staff member is placed at home — department roles in 公安局 (ga, 合肥市 340100), region roles at 蜀山区 (340104),
/// the platform admin anywhere — and acts on data of (a) another department in the same division and (b) a
/// department in another division (包河区 340111, and a department of 芜湖市 340200). Out of scope is refused (403);
/// the same action at home succeeds, so no refusal is trivially true. Region roles reach every department of their
/// division by design, so for them (a) is a positive control. Roles whose data does not exist yet (window officers
/// and case reviewers) are checked through <see cref="StaffScope.Reaches"/> over the principal their real session
/// carries, read back from GET /api/v1/staff/me; every role is also refused what it does not hold.
/// </summary>
public abstract class RoleScopeMatrixTests(DbKind kind)
{
    private static readonly ConcurrentDictionary<DbKind, Lazy<Task<World>>> Worlds = new();

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    public static TheoryData<string> Roles() => new(All);

    /// <summary>A department as the matrix sees it.</summary>
    private sealed record Place(string Name, long Id, string Key, string Region);

    /// <summary>Ga and Mz: two city departments (340100). Ssmz and DistrictPeer: two departments of 蜀山区 (340104).
    /// Bhrs: 包河区 (340111). OtherCity: a department of 芜湖市 (340200).</summary>
    private sealed record World(OneWindowApp App, HttpClient Admin, Place Ga, Place Mz, Place Ssmz, Place DistrictPeer, Place Bhrs, Place OtherCity)
    {
        public IEnumerable<Place> All => [Ga, Mz, Ssmz, DistrictPeer, Bhrs, OtherCity];
    }

    private sealed record Probe(string What, Func<HttpClient, Task<HttpStatusCode>> Run, HttpStatusCode Expected);

    private Task<World> WorldAsync() => Worlds.GetOrAdd(kind, _ => new Lazy<Task<World>>(async () =>
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        async Task<Place> Demo(string key)
        {
            var d = (await Json.GetAsync(admin, "/api/v1/catalog/departments")).AsArray().Single(x => x!["key"]!.GetValue<string>() == key)!;
            return new Place(key, d["id"]!.GetValue<long>(), key, d["regionCode"]!.GetValue<string>());
        }

        async Task<Place> New(string name, string region)
        {
            var d = await AdminTestKit.NewDepartmentAsync(app, region);
            return new Place(name, d.Id, d.Key, region);
        }

        return new World(app, admin, await Demo("ga"), await Demo("mz"), await Demo("ssmz"), await New("district-peer", "340104"), await Demo("bhrs"), await New("other-city", "340200"));
    })).Value;

    private static Place Home(World w, string role) => IsRegionScoped(role) ? w.Ssmz : role == PlatformAdmin ? w.Mz : w.Ga;

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_role_acts_inside_its_scope_and_is_refused_outside_it(string role)
    {
        var w = await WorldAsync();
        var home = Home(w, role);
        var session = await w.App.SignInStaffAsync([role], home.Key);
        var failures = new List<string>();
        foreach (var probe in Probes(w, role, home))
        {
            var status = await probe.Run(session.Client);
            if (status != probe.Expected)
            {
                failures.Add($"{probe.What}: expected {(int)probe.Expected}, got {(int)status}");
            }
        }

        Assert.True(failures.Count == 0, $"{role} at {home.Name}:\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task The_scope_a_real_session_carries_reaches_home_and_nothing_outside(string role)
    {
        var w = await WorldAsync();
        var home = Home(w, role);
        var me = await MeAsync((await w.App.SignInStaffAsync([role], home.Key)).Client);
        var scope = new StaffScope(me["departmentId"]!.GetValue<long>(), me["regionCode"]!.GetValue<string>(),
            me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet());
        Assert.Equal(home.Id, scope.DepartmentId);
        Assert.Equal([role], scope.Roles);

        foreach (var place in w.All)
        {
            var expected = role == PlatformAdmin
                || place == home
                || (IsRegionScoped(role) && RegionCodes.Contains(home.Region, place.Region));
            Assert.True(expected == scope.Reaches(role, place.Id, place.Region), $"{role} at {home.Name} → {place.Name}: expected {expected}");
            // Holding one role reaches nothing through another.
            foreach (var other in All.Where(r => r != role && role != PlatformAdmin))
            {
                Assert.False(scope.Reaches(other, place.Id, place.Region), $"{role} reached {place.Name} as {other}");
            }
        }
    }

    [Fact]
    public async Task Region_scopes_nest_a_city_role_reaches_its_districts_a_district_role_not_its_city()
    {
        var w = await WorldAsync();
        var cityReviewer = (await w.App.SignInStaffAsync([CatalogReviewer], "sf")).Client;
        Assert.Equal(HttpStatusCode.OK, await ApproveAsync(w, w.Ssmz, cityReviewer));
        Assert.Equal(HttpStatusCode.OK, await ApproveAsync(w, w.Bhrs, cityReviewer));
        Assert.Equal(HttpStatusCode.Forbidden, await ApproveAsync(w, w.OtherCity, cityReviewer));
        var districtReviewer = (await w.App.SignInStaffAsync([CatalogReviewer], "ssmz")).Client;
        Assert.Equal(HttpStatusCode.Forbidden, await ApproveAsync(w, w.Ga, districtReviewer));

        var citySupervisor = (await w.App.SignInStaffAsync([Supervisor], "sj")).Client;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(citySupervisor.GetAsync("/api/v1/staff?region=340104")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(citySupervisor.GetAsync($"/api/v1/staff?department={w.Bhrs.Key}")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(citySupervisor.GetAsync("/api/v1/staff?region=340200")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(citySupervisor.GetAsync("/api/v1/staff?region=340000")));
    }

    [Fact]
    public async Task A_region_reader_lists_only_accounts_inside_its_region()
    {
        var w = await WorldAsync();
        var inside = await CreateAsync(w.App, w.DistrictPeer.Key, null, WindowOfficer);
        var outside = await CreateAsync(w.App, w.Bhrs.Key, null, WindowOfficer);
        var supervisor = (await w.App.SignInStaffAsync([Supervisor], w.Ssmz.Key)).Client;
        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Json.GetAsync(supervisor, "/api/v1/staff?pageSize=100" + (cursor == null ? "" : "&after=" + cursor));
            names.AddRange(page["staff"]!.AsArray().Select(s => s!["regionCode"]!.GetValue<string>() + " " + s["userName"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor != null);

        Assert.Contains($"340104 {inside.Staff.UserName}", names);
        Assert.DoesNotContain($"340111 {outside.Staff.UserName}", names);
        Assert.All(names, n => Assert.StartsWith("340104 ", n, StringComparison.Ordinal));
    }

    /// <summary>Everything one role is tried with: its own actions at home and away, and the others' actions it must not have.</summary>
    private static IEnumerable<Probe> Probes(World w, string role, Place home)
    {
        var admin = role == PlatformAdmin;
        var ok = HttpStatusCode.OK;
        var no = HttpStatusCode.Forbidden;
        HttpStatusCode When(bool allowed) => allowed ? ok : no;
        var elsewhere = new[] { w.Mz, w.Bhrs, w.OtherCity }.Where(p => p != home);

        // The audit trail: platform admins only.
        yield return new("audit API", c => StatusAsync(c.GetAsync("/api/v1/audit/entries")), When(admin));

        // Catalogue editing (catalog_editor: own department only).
        var editor = role is CatalogEditor || admin;
        yield return new($"edit a draft of {home.Name}", c => EditAsync(w, home, c), When(editor));
        yield return new($"submit a draft of {home.Name}", c => SubmitAsync(w, home, c), When(editor));
        foreach (var place in elsewhere.Append(w.Ssmz).Where(p => p != home).Distinct())
        {
            yield return new($"edit a draft of {place.Name}", c => EditAsync(w, place, c), When(admin));
            yield return new($"submit a draft of {place.Name}", c => SubmitAsync(w, place, c), When(admin));
        }

        // Catalogue review (catalog_reviewer: departments of its division and below).
        var reviewer = role is CatalogReviewer || admin;
        yield return new($"approve an item of {home.Name}", c => ApproveAsync(w, home, c), When(reviewer));
        yield return new($"return an item of {home.Name}", c => ReturnAsync(w, home, c), When(reviewer));
        if (IsRegionScoped(role))
        {
            yield return new("approve an item of another department in the same district", c => ApproveAsync(w, w.DistrictPeer, c), When(reviewer));
        }

        foreach (var place in new[] { w.Bhrs, w.OtherCity, w.Ga }.Where(p => p != home && !(IsRegionScoped(role) && RegionCodes.Contains(home.Region, p.Region))))
        {
            yield return new($"approve an item of {place.Name}", c => ApproveAsync(w, place, c), When(admin));
            yield return new($"return an item of {place.Name}", c => ReturnAsync(w, place, c), When(admin));
        }

        // Staff management (department_admin: own department; nobody else but platform admins).
        var manager = role is DepartmentAdmin || admin;
        yield return new($"disable and enable an account of {home.Name}", c => DisableEnableAsync(w, home, c), When(manager));
        yield return new($"grant window_officer in {home.Name}", c => GrantAsync(w, home, c), When(manager));
        foreach (var place in new[] { w.Mz, w.Bhrs, w.DistrictPeer, w.OtherCity }.Where(p => p != home))
        {
            yield return new($"disable and enable an account of {place.Name}", c => DisableEnableAsync(w, place, c), When(admin));
            yield return new($"grant window_officer in {place.Name}", c => GrantAsync(w, place, c), When(admin));
        }

        // The staff directory (department_admin: own department; supervisor, data_admin: own division and below).
        var regionReader = role is Supervisor or DataAdmin;
        var directory = manager || regionReader;
        yield return new($"list the staff of {home.Name}", c => StatusAsync(c.GetAsync($"/api/v1/staff?department={home.Key}")), When(directory));
        yield return new($"read an account of {home.Name}", c => ReadAsync(w, home, c), When(directory));
        if (IsRegionScoped(role))
        {
            yield return new("list the staff of another department in the same district", c => StatusAsync(c.GetAsync($"/api/v1/staff?department={w.DistrictPeer.Key}")), When(directory));
            yield return new("list the staff of the home district", c => StatusAsync(c.GetAsync($"/api/v1/staff?region={home.Region}")), When(directory));
        }

        foreach (var place in new[] { w.Mz, w.Bhrs, w.OtherCity, w.Ga }.Where(p => p != home && !(IsRegionScoped(role) && RegionCodes.Contains(home.Region, p.Region))))
        {
            yield return new($"list the staff of {place.Name}", c => StatusAsync(c.GetAsync($"/api/v1/staff?department={place.Key}")), When(admin));
            yield return new($"read an account of {place.Name}", c => ReadAsync(w, place, c), When(admin));
        }

        foreach (var region in new[] { "340111", "340200" })
        {
            yield return new($"list the staff of division {region}", c => StatusAsync(c.GetAsync($"/api/v1/staff?region={region}")), When(admin));
        }
    }

    private static async Task<(long Id, ItemGuide Guide)> DraftAsync(World w, Place place)
    {
        var guide = TestGuides.Valid();
        var response = await Json.PostAsync(w.Admin, "/api/v1/catalog/items", new { departmentKey = place.Key, guide });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await Json.ReadAsync(response))["id"]!.GetValue<long>(), guide);
    }

    private static async Task<HttpStatusCode> EditAsync(World w, Place place, HttpClient actor)
    {
        var (id, guide) = await DraftAsync(w, place);
        guide.PromisedDays = 3;
        return await StatusAsync(actor.PutAsJsonAsync($"/api/v1/catalog/items/{id}/draft", new { guide }, Json.Options));
    }

    private static async Task<HttpStatusCode> SubmitAsync(World w, Place place, HttpClient actor) =>
        await StatusAsync(actor.PostAsync($"/api/v1/catalog/items/{(await DraftAsync(w, place)).Id}/submit", null));

    private static async Task<HttpStatusCode> ApproveAsync(World w, Place place, HttpClient actor) =>
        await StatusAsync(Json.PostAsync(actor, $"/api/v1/catalog/items/{await ItemAsync(w.Admin, place.Key, submitted: true)}/approve", new { comment = "同意" }));

    private static async Task<HttpStatusCode> ReturnAsync(World w, Place place, HttpClient actor) =>
        await StatusAsync(Json.PostAsync(actor, $"/api/v1/catalog/items/{await ItemAsync(w.Admin, place.Key, submitted: true)}/return", new { comment = "请补充材料说明" }));

    private static async Task<HttpStatusCode> DisableEnableAsync(World w, Place place, HttpClient actor)
    {
        var target = await CreateAsync(w.App, place.Key, null, WindowOfficer);
        var disabled = await StatusAsync(actor.PostAsync($"/api/v1/staff/{target.Staff.Id}/disable", null));
        var enabled = await StatusAsync(actor.PostAsync($"/api/v1/staff/{target.Staff.Id}/enable", null));
        return disabled == enabled ? disabled : HttpStatusCode.InternalServerError;
    }

    private static async Task<HttpStatusCode> GrantAsync(World w, Place place, HttpClient actor)
    {
        var target = await CreateAsync(w.App, place.Key, null, Reviewer);
        return await StatusAsync(actor.PutAsync($"/api/v1/staff/{target.Staff.Id}/roles/{WindowOfficer}", null));
    }

    private static async Task<HttpStatusCode> ReadAsync(World w, Place place, HttpClient actor)
    {
        var target = await CreateAsync(w.App, place.Key, null, WindowOfficer);
        return await StatusAsync(actor.GetAsync($"/api/v1/staff/{target.Staff.Id}"));
    }
}

[Trait("Database", "Sqlite")]
public sealed class RoleScopeMatrixTestsOnSqlite() : RoleScopeMatrixTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class RoleScopeMatrixTestsOnPostgres() : RoleScopeMatrixTests(DbKind.Postgres);
