using Microsoft.Extensions.DependencyInjection;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Queries;

/// <summary>The unread-notification count beside 消息 in the citizen's account bar.</summary>
internal static class UnreadBadge
{
    public static Task<int> CountAsync(IServiceProvider services, PlatformPrincipal principal, CancellationToken ct) =>
        services.GetRequiredService<CaseQueries>().UnreadCountAsync(CaseActor.From(principal).ApplicantSubject!, ct);
}
