using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Security;
using static OneWindow.Shared.Security.StaffRoles;

namespace OneWindow.Tests.Staff;

/// <summary>The rules behind every staff-administration answer, without a database.</summary>
public sealed class StaffPermissionsTests
{
    private const long Ga = 2, Mz = 4;

    private static StaffScope Scope(long department, string region, params string[] roles) => new(department, region, roles.ToHashSet());

    [Fact]
    public void A_department_admin_grants_only_department_roles_and_only_in_its_own_department()
    {
        var admin = Scope(Ga, "340100", DepartmentAdmin);
        Assert.Equal([WindowOfficer, Reviewer, CatalogEditor], StaffPermissions.GrantableRoles(admin, Ga, "340100"));
        Assert.Empty(StaffPermissions.GrantableRoles(admin, Mz, "340100"));
        Assert.True(StaffPermissions.MayCreateIn(admin, Ga, "340100"));
        Assert.False(StaffPermissions.MayCreateIn(admin, Mz, "340100"));
    }

    [Fact]
    public void A_department_admin_cannot_touch_an_account_holding_a_role_it_could_not_grant()
    {
        var admin = Scope(Ga, "340100", DepartmentAdmin);
        Assert.True(StaffPermissions.MayManage(admin, Ga, "340100", [WindowOfficer, CatalogEditor]));
        Assert.True(StaffPermissions.MayManage(admin, Ga, "340100", []));
        foreach (var role in new[] { DepartmentAdmin, PlatformAdmin, CatalogReviewer, Supervisor, DataAdmin })
        {
            Assert.False(StaffPermissions.MayManage(admin, Ga, "340100", [WindowOfficer, role]), role);
        }
    }

    [Fact]
    public void A_platform_admin_grants_every_role_anywhere()
    {
        var admin = Scope(99, "340100", PlatformAdmin);
        Assert.Equal(All, StaffPermissions.GrantableRoles(admin, Mz, "340202"));
        Assert.True(StaffPermissions.MayManage(admin, Mz, "340202", [PlatformAdmin]));
    }

    [Theory]
    [InlineData(Supervisor, "340104", "340104", true)]
    [InlineData(Supervisor, "340100", "340104", true)]
    [InlineData(Supervisor, "340104", "340111", false)]
    [InlineData(DataAdmin, "340100", "340202", false)]
    [InlineData(DataAdmin, "340000", "340202", true)]
    [InlineData(CatalogEditor, "340100", "340100", false)]
    [InlineData(WindowOfficer, "340100", "340100", false)]
    public void Region_readers_see_their_division_and_below_and_nobody_else_reads_a_division(string role, string own, string target, bool expected)
    {
        var reader = Scope(Ga, own, role);
        Assert.Equal(expected, StaffPermissions.MayViewRegion(reader, target));
        Assert.Equal(expected, StaffPermissions.MayView(reader, Mz, target));
        Assert.False(StaffPermissions.MayManage(reader, Mz, target, []));
        Assert.Empty(StaffPermissions.GrantableRoles(reader, Mz, target));
    }

    [Theory]
    [InlineData("340000", "34")]
    [InlineData("340100", "3401")]
    [InlineData("340104", "340104")]
    public void A_region_prefix_selects_exactly_what_contains_says(string outer, string prefix)
    {
        Assert.Equal(prefix, RegionCodes.Prefix(outer));
        foreach (var inner in new[] { "340000", "340100", "340104", "340111", "340200", "340202", "110101", "341100" })
        {
            Assert.Equal(RegionCodes.Contains(outer, inner), inner.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("ga.window", true)]
    [InlineData("a_b-c.9", true)]
    [InlineData("ab", false)]
    [InlineData(".ga", false)]
    [InlineData("张三", false)]
    [InlineData("ga window", false)]
    [InlineData("GA.WINDOW", false)]
    public void User_names_are_short_lower_case_latin(string name, bool valid) => Assert.Equal(valid, StaffAccountRules.IsValidUserName(name));

    [Fact]
    public void Initial_passwords_are_random_readable_and_have_letters_and_digits()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => StaffAccountRules.NewInitialPassword()).ToList();
        Assert.Equal(200, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.Matches("^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$", p);
            Assert.Contains(p, char.IsAsciiDigit);
            Assert.Contains(p, char.IsAsciiLetter);
        });
    }
}
