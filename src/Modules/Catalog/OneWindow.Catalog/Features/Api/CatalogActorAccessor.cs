using System.Security.Claims;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Shared.Security;

namespace OneWindow.Catalog.Features.Api;

/// <summary>The roles the catalogue understands (the identity module issues them at staff sign-in) and the reading
/// of a signed-in principal as a <see cref="CatalogActor"/> with its <see cref="StaffScope"/>.</summary>
public static class CatalogClaims
{
    public const string Editor = StaffRoles.CatalogEditor;
    public const string Reviewer = StaffRoles.CatalogReviewer;
    public const string PlatformAdmin = StaffRoles.PlatformAdmin;

    /// <summary>Null for anonymous users and for anyone who is not staff (a citizen's session never edits the catalogue).</summary>
    public static CatalogActor? ToActor(ClaimsPrincipal user) =>
        PlatformPrincipal.From(user) is { IsStaff: true } principal ? new CatalogActor(principal.Name, principal.Subject, principal.Scope) : null;
}
