namespace OneWindow.Shared.Web;

/// <summary>The host's rule for everything under /admin: a staff session. What each member may do there is decided by
/// the module that owns the page (its own policies and scope checks).</summary>
public static class StaffArea
{
    public const string Policy = "staff-page";
}
