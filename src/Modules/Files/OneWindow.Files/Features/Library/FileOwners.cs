using OneWindow.Shared.Security;

namespace OneWindow.Files.Features.Library;

/// <summary>Whose library a signed-in citizen works in: the enterprise's ("enterprise:5") while acting for it as its
/// agent (经办人), else their own ("citizen:12"). Null for anyone who is not a citizen.</summary>
public static class FileOwners
{
    public static string? Of(PlatformPrincipal? principal) => principal?.ApplicantSubject;
}
