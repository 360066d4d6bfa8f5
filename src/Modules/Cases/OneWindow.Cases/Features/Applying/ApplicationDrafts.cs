using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Cases;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Applying;

/// <summary><see cref="IApplicationDrafts"/> over <see cref="Applications.StartAsync"/>.</summary>
internal sealed class ApplicationDrafts(Applications applications) : IApplicationDrafts
{
    public async Task<DraftStart> StartAsync(PlatformPrincipal applicant, long itemId, CancellationToken ct)
    {
        var started = await applications.StartAsync(CaseActor.From(applicant), itemId, ct);
        return started.Succeeded
            ? new DraftStart(started.Value!.Id, StatusCodes.Status201Created, null)
            : new DraftStart(null, started.Problem!.Status, started.Problem.Detail);
    }
}
