using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.Staff;

/// <summary>
/// The demo city's staff (合肥市, 340100), one account per role plus a district, all with <see cref="Password"/>.
/// Departments are the catalogue's demo departments by key (DemoData/departments.json). The demo has no 编办, so
/// the city's catalogue reviewer sits in 司法局 (法制审核) and the district's in 蜀山区民政局. Documented in
/// docs/identity.md and docs/roles.md; seeded only together with the demo catalogue.
/// </summary>
public static class DemoStaff
{
    public const string Password = "Demo@2026pass";

    public sealed record Account(string UserName, string DisplayName, string DepartmentKey, string RegionCode, string Role);

    public static readonly IReadOnlyList<Account> Accounts =
    [
        new("admin", "平台管理员（演示）", "sj", "340100", StaffRoles.PlatformAdmin),
        new("ga.admin", "公安局部门管理员（演示）", "ga", "340100", StaffRoles.DepartmentAdmin),
        new("ga.window", "公安局窗口受理（演示）", "ga", "340100", StaffRoles.WindowOfficer),
        new("ga.reviewer", "公安局审批人员（演示）", "ga", "340100", StaffRoles.Reviewer),
        new("ga.editor", "公安局事项编辑（演示）", "ga", "340100", StaffRoles.CatalogEditor),
        new("sf.reviewer", "市司法局法制审核（演示）", "sf", "340100", StaffRoles.CatalogReviewer),
        new("supervisor", "市效能监察（演示）", "sj", "340100", StaffRoles.Supervisor),
        new("data.admin", "市数据管理员（演示）", "sj", "340100", StaffRoles.DataAdmin),
        // 数据资源局 provides the base registries and the licence library in the exchange; 民政局 is a consuming department.
        new("sj.admin", "数据资源局部门管理员（演示）", "sj", "340100", StaffRoles.DepartmentAdmin),
        new("mz.admin", "民政局部门管理员（演示）", "mz", "340100", StaffRoles.DepartmentAdmin),
        new("ssmz.editor", "蜀山区民政局事项编辑（演示）", "ssmz", "340104", StaffRoles.CatalogEditor),
        new("ss.reviewer", "蜀山区事项审核（演示）", "ssmz", "340104", StaffRoles.CatalogReviewer),
    ];
}
