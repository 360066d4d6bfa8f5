using OneWindow.Shared.Security;

namespace OneWindow.Files;

/// <summary>The files module's OAuth scopes (the applicant's own library) (docs/integration-oidc.md lists every scope).</summary>
public static class FilesScopes
{
    public const string Read = "files.read";
    public const string Write = "files.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查看我的材料库", "Read your file library", [ApiScope.Citizens]),
        new ApiScope(Write, "向我的材料库上传文件", "Upload files to your library", [ApiScope.Citizens]),
    ];
}
