using OneWindow.Shared.Web;

namespace OneWindow.Licences.Pages.Account.Licences;

public static class LicenceText
{
    public static string Status(string status) => status switch
    {
        "valid" => Lang.L("有效", "Valid"),
        "revoked" => Lang.L("已注销", "Revoked"),
        "suspended" => Lang.L("暂停使用", "Suspended"),
        "expired" => Lang.L("已过期", "Expired"),
        "tampered" => Lang.L("签名无效", "Bad signature"),
        _ => status,
    };
}
