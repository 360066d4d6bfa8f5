using OneWindow.Shared.Security;

namespace OneWindow.Exchange;

/// <summary>The exchange module's OAuth scopes (docs/integration-oidc.md lists every scope).</summary>
public static class ExchangeScopes
{
    /// <summary>Read sharing requests and grants of the caller's department.</summary>
    public const string GrantsRead = "data.grants.read";

    /// <summary>Request, approve, refuse and revoke sharing grants.</summary>
    public const string GrantsWrite = "data.grants.write";

    /// <summary>Call the exchange (共享交换) under a grant: department systems only.</summary>
    public const string Call = "exchange.call";

    /// <summary>Provide data: push rows of the department's own table resources.</summary>
    public const string Provide = "exchange.provide";

    /// <summary>Read the exchange log and figures of the caller's department (as consumer or provider).</summary>
    public const string LogRead = "exchange.log.read";

    public static ApiScope[] All =>
    [
        new ApiScope(GrantsRead, "查看本部门的数据共享申请与授权", "Read the department's data sharing requests and grants", [ApiScope.AnyStaff]),
        new ApiScope(GrantsWrite, "申请、审批、拒绝与撤销数据共享授权", "Request, approve, refuse and revoke data sharing grants", [StaffRoles.DepartmentAdmin, StaffRoles.DataAdmin, StaffRoles.PlatformAdmin]),
        new ApiScope(Call, "依授权调用共享数据（部门业务系统）", "Call shared data under a grant (department systems)", [StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin]),
        new ApiScope(Provide, "向平台提供本部门的数据资源", "Provide the department's data resources to the platform", [StaffRoles.DepartmentAdmin, StaffRoles.DataAdmin, StaffRoles.PlatformAdmin]),
        new ApiScope(LogRead, "查看本部门的共享调用日志与统计", "Read the department's exchange log and figures", [StaffRoles.DepartmentAdmin, StaffRoles.DataAdmin, StaffRoles.Supervisor, StaffRoles.PlatformAdmin]),
    ];
}
