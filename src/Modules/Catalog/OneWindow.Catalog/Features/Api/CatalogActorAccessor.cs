using System.Globalization;
using System.Security.Claims;
using OneWindow.Catalog.Features.Editing;

namespace OneWindow.Catalog.Features.Api;

/// <summary>Claim names and roles the catalogue understands. The identity module issues them; until it lands,
/// the development sign-in does.</summary>
public static class CatalogClaims
{
    public const string Role = ClaimTypes.Role;
    public const string DepartmentId = "ow:department";
    public const string Editor = "catalog_editor";
    public const string Reviewer = "catalog_reviewer";
    public const string PlatformAdmin = "platform_admin";

    public static CatalogActor? ToActor(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var admin = user.IsInRole(PlatformAdmin);
        long? department = long.TryParse(user.FindFirstValue(DepartmentId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return new CatalogActor(
            user.Identity.Name ?? "unknown",
            department,
            CanEdit: admin || user.IsInRole(Editor),
            CanReview: admin || user.IsInRole(Reviewer),
            IsPlatformAdmin: admin);
    }
}
