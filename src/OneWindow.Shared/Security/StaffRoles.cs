namespace OneWindow.Shared.Security;

/// <summary>
/// Staff roles. Each role is scoped: department roles reach their own department only; region roles reach their
/// division and every division below it (GB/T 2260: 340000 ⊃ 340100 ⊃ 340104); the platform admin reaches everything.
/// </summary>
public static class StaffRoles
{
    /// <summary>窗口受理: accepts applications at the unified desk.</summary>
    public const string WindowOfficer = "window_officer";

    /// <summary>审查/审批: reviews and decides cases.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>部门管理员: manages the department's staff accounts and processes.</summary>
    public const string DepartmentAdmin = "department_admin";

    /// <summary>事项编辑: maintains the department's catalogue items.</summary>
    public const string CatalogEditor = "catalog_editor";

    /// <summary>编办/法制审核: reviews catalogue changes for a region.</summary>
    public const string CatalogReviewer = "catalog_reviewer";

    /// <summary>数据管理员: data resource catalogue, sharing and registries of a region.</summary>
    public const string DataAdmin = "data_admin";

    /// <summary>效能监察: supervises cases and time limits in a region.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>平台管理员: runs the platform.</summary>
    public const string PlatformAdmin = "platform_admin";

    public static readonly IReadOnlyList<string> All =
        [WindowOfficer, Reviewer, DepartmentAdmin, CatalogEditor, CatalogReviewer, DataAdmin, Supervisor, PlatformAdmin];

    public static bool IsDepartmentScoped(string role) => role is WindowOfficer or Reviewer or DepartmentAdmin or CatalogEditor;

    public static bool IsRegionScoped(string role) => role is CatalogReviewer or DataAdmin or Supervisor;

    public static bool IsKnown(string role) => All.Contains(role);

    public static (string Zh, string En) Title(string role) => role switch
    {
        WindowOfficer => ("窗口受理人员", "Window officer"),
        Reviewer => ("审查/审批人员", "Reviewer / approver"),
        DepartmentAdmin => ("部门管理员", "Department administrator"),
        CatalogEditor => ("事项编辑人员", "Catalogue editor"),
        CatalogReviewer => ("事项审核人员（编办/法制）", "Catalogue reviewer"),
        DataAdmin => ("数据管理员", "Data administrator"),
        Supervisor => ("效能监察人员", "Supervisor"),
        PlatformAdmin => ("平台管理员", "Platform administrator"),
        _ => (role, role),
    };
}

/// <summary>
/// What a staff member may reach. Every permission check in every module goes through <see cref="Reaches"/>:
/// holding a role is not enough, the data must also lie inside the role's scope.
/// </summary>
public sealed record StaffScope(long? DepartmentId, string? RegionCode, IReadOnlySet<string> Roles)
{
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>True when <paramref name="role"/> is held and data of the given department in the given division
    /// lies inside its scope.</summary>
    public bool Reaches(string role, long departmentId, string regionCode)
    {
        if (Roles.Contains(StaffRoles.PlatformAdmin))
        {
            return true;
        }

        if (!Roles.Contains(role))
        {
            return false;
        }

        if (StaffRoles.IsDepartmentScoped(role))
        {
            return DepartmentId == departmentId;
        }

        return StaffRoles.IsRegionScoped(role) && RegionCode != null && RegionCodes.Contains(RegionCode, regionCode);
    }
}

/// <summary>GB/T 2260 containment: a province (xx0000) holds its cities (xxyy00), a city holds its districts.</summary>
public static class RegionCodes
{
    public static bool Contains(string outer, string inner)
    {
        if (outer.Length != 6 || inner.Length != 6)
        {
            return false;
        }

        if (outer == inner)
        {
            return true;
        }

        if (outer.EndsWith("0000", StringComparison.Ordinal))
        {
            return inner.StartsWith(outer[..2], StringComparison.Ordinal);
        }

        return outer.EndsWith("00", StringComparison.Ordinal) && inner.StartsWith(outer[..4], StringComparison.Ordinal);
    }

    /// <summary>What every code inside <paramref name="outer"/> starts with (340000 → 34, 340100 → 3401, 340104 →
    /// 340104), so a query can filter "this division and below" with an indexable prefix match; it agrees with
    /// <see cref="Contains"/> for well-formed codes.</summary>
    public static string Prefix(string outer)
    {
        if (outer.Length != 6)
        {
            return outer;
        }

        if (outer.EndsWith("0000", StringComparison.Ordinal))
        {
            return outer[..2];
        }

        return outer.EndsWith("00", StringComparison.Ordinal) ? outer[..4] : outer;
    }
}
