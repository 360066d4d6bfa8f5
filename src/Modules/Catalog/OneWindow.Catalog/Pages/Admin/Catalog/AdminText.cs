using OneWindow.Catalog.Domain;
using static OneWindow.Shared.Web.Lang;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>Labels of states and history actions, in both languages, shared by the admin pages.</summary>
public static class AdminText
{
    public static string State(VersionState state) => state switch
    {
        VersionState.Draft => L("草稿", "Draft"),
        VersionState.Submitted => L("待审核", "Submitted"),
        VersionState.Approved => L("审核通过", "Approved"),
        VersionState.Returned => L("退回修改", "Returned"),
        VersionState.Published => L("已发布", "Published"),
        _ => L("已被替代", "Superseded"),
    };

    public static string StateBadge(VersionState state) => state switch
    {
        VersionState.Published => "badge-ok",
        VersionState.Returned or VersionState.Submitted => "badge-warn",
        _ => "badge-info",
    };

    public static string Publication(PublicationState state) => state switch
    {
        PublicationState.Published => L("已发布", "Published"),
        PublicationState.Suspended => L("暂停办理", "Suspended"),
        PublicationState.Unpublished => L("已取消发布", "Unpublished"),
        _ => L("未发布", "Not published"),
    };

    public static string Action(string action) => action switch
    {
        "created" => L("创建", "Created"),
        "edited" => L("修改", "Edited"),
        "submitted" => L("提交审核", "Submitted"),
        "approved" => L("审核通过", "Approved"),
        "returned" => L("退回修改", "Returned"),
        "published" => L("发布", "Published"),
        "suspended" => L("暂停办理", "Suspended"),
        "resumed" => L("恢复办理", "Resumed"),
        "unpublished" => L("取消发布", "Unpublished"),
        "imported" => L("导入", "Imported"),
        _ => action,
    };
}
