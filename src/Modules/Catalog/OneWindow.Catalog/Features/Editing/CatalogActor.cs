using OneWindow.Shared.Security;

namespace OneWindow.Catalog.Features.Editing;

/// <summary>
/// Who is changing the catalogue and what their roles reach, straight from <see cref="StaffScope"/>: an editor
/// (catalog_editor) edits its own department's items; a reviewer (catalog_reviewer, 编办/法制审核) reviews and
/// publishes items of departments in its division and below; a platform admin reaches everything.
/// <see cref="Subject"/> ("staff:12") is what the audit trail records; <see cref="Name"/> is shown in item history.
/// </summary>
public sealed record CatalogActor(string Name, string Subject, StaffScope Scope)
{
    /// <summary>Start-up seeding and other work the platform does by itself.</summary>
    public static readonly CatalogActor System = PlatformAdmin("system", "system");

    public long? DepartmentId => Scope.DepartmentId;

    public bool IsPlatformAdmin => Scope.Has(StaffRoles.PlatformAdmin);

    /// <summary>Holds an editing role somewhere (which items: <see cref="MayEdit"/>).</summary>
    public bool CanEdit => IsPlatformAdmin || Scope.Has(StaffRoles.CatalogEditor);

    /// <summary>Holds a reviewing role somewhere (which items: <see cref="MayReview"/>).</summary>
    public bool CanReview => IsPlatformAdmin || Scope.Has(StaffRoles.CatalogReviewer);

    /// <summary>May create, edit and submit items of this department (in the division the department belongs to).</summary>
    public bool MayEdit(long departmentId, string departmentRegion) => Scope.Reaches(StaffRoles.CatalogEditor, departmentId, departmentRegion);

    /// <summary>May approve, return and publish items of this department: its division lies inside the reviewer's.</summary>
    public bool MayReview(long departmentId, string departmentRegion) => Scope.Reaches(StaffRoles.CatalogReviewer, departmentId, departmentRegion);

    /// <summary>May open the item in the back office at all.</summary>
    public bool MayView(long departmentId, string departmentRegion) => MayEdit(departmentId, departmentRegion) || MayReview(departmentId, departmentRegion);

    public static CatalogActor PlatformAdmin(string name, string subject) =>
        new(name, subject, new StaffScope(null, null, new HashSet<string> { StaffRoles.PlatformAdmin }));

    public static CatalogActor Editor(string name, string subject, long departmentId) =>
        new(name, subject, new StaffScope(departmentId, null, new HashSet<string> { StaffRoles.CatalogEditor }));
}

/// <summary>Which departments' items an actor sees in the back office, in a form the database can filter on:
/// the editor's own department, and every department whose division starts with the reviewer's region prefix.</summary>
public sealed record CatalogVisibility(bool Everything, long? DepartmentId, string? RegionPrefix)
{
    public static CatalogVisibility Of(CatalogActor actor) => actor.IsPlatformAdmin
        ? new CatalogVisibility(true, null, null)
        : new CatalogVisibility(
            false,
            actor.Scope.Has(StaffRoles.CatalogEditor) ? actor.DepartmentId : null,
            actor.Scope.Has(StaffRoles.CatalogReviewer) && actor.Scope.RegionCode is { Length: 6 } region ? RegionCodes.Prefix(region) : null);
}
