namespace OneWindow.Catalog.Features.Editing;

/// <summary>Who is changing the catalogue, and over which department they have authority.
/// Editors may only touch their own department's items (DepartmentId); platform admins may touch all.</summary>
public sealed record CatalogActor(string Name, long? DepartmentId, bool CanEdit, bool CanReview, bool IsPlatformAdmin)
{
    public bool MayEditDepartment(long departmentId) => CanEdit && (IsPlatformAdmin || DepartmentId == departmentId);
}
