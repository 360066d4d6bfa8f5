using OneWindow.Shared.Security;

namespace OneWindow.Shared.Web;

/// <summary>Where a navigation link goes: the staff bar of the back office, the buttons of the staff workspace
/// (工作台, /admin), or the citizen's account bar.</summary>
public enum NavSlot
{
    Staff,
    Workspace,
    Account,
}

/// <summary>
/// A link a module puts into one of the host's navigation slots (register with <c>services.AddSingleton(new NavLink(…))</c>),
/// so the layout names no module. <paramref name="Order"/> only places links within the slot; <paramref name="Visible"/>
/// decides from the signed-in principal; <paramref name="Badge"/> optionally counts something to show beside it.
/// </summary>
public sealed record NavLink(NavSlot Slot, int Order, string Href, string Zh, string En, Func<PlatformPrincipal, bool> Visible,
    string? Id = null, NavBadge? Badge = null, string? BadgeId = null);

/// <summary>A count shown beside a link (e.g. unread messages); zero shows nothing.</summary>
public delegate Task<int> NavBadge(IServiceProvider services, PlatformPrincipal principal, CancellationToken ct);
