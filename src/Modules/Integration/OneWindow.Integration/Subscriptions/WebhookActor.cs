using System.Security.Claims;
using OneWindow.Shared.Security;

namespace OneWindow.Integration.Subscriptions;

/// <summary>
/// Who manages webhook subscriptions, and what they reach: a department system with a client-credentials token
/// carrying <see cref="ManageScope"/> (its own subscriptions in its own department), a department admin (every
/// subscription of its department) or a platform admin (all, including platform-wide ones). Anyone else: none.
/// </summary>
public sealed record WebhookActor(string Subject, long? DepartmentId, bool PlatformAdmin, bool OwnOnly)
{
    public const string ManageScope = "webhooks.manage";

    public static WebhookActor? From(ClaimsPrincipal user)
    {
        var principal = PlatformPrincipal.From(user);
        if (principal == null)
        {
            return null;
        }

        if (principal.IsClient)
        {
            return principal.HasScope(ManageScope) && principal.DepartmentId is { } department
                ? new WebhookActor(principal.Subject, department, false, OwnOnly: true)
                : null;
        }

        if (!principal.IsStaff)
        {
            return null;
        }

        if (principal.Roles.Contains(StaffRoles.PlatformAdmin))
        {
            return new WebhookActor(principal.Subject, principal.DepartmentId, true, false);
        }

        return principal.Roles.Contains(StaffRoles.DepartmentAdmin) && principal.DepartmentId is { } own
            ? new WebhookActor(principal.Subject, own, false, false)
            : null;
    }

    /// <summary>May read and change this subscription.</summary>
    public bool Reaches(Domain.Subscription subscription) =>
        PlatformAdmin || (subscription.DepartmentId == DepartmentId && DepartmentId != null && (!OwnOnly || subscription.Owner == Subject));
}
