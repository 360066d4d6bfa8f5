using OneWindow.Shared.Results;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Cases;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Applying;

/// <summary><see cref="IApplicationStarter"/> over <see cref="Applications.StartAsync"/>.</summary>
public sealed class ApplicationStarter(Applications applications) : IApplicationStarter
{
    public async Task<ApplicationStart> StartAsync(PlatformPrincipal applicant, long itemId, CancellationToken ct)
    {
        var started = await applications.StartAsync(CaseActor.From(applicant), itemId, ct);
        return started.Succeeded
            ? new ApplicationStart(started.Value!.Id, 200, null)
            : new ApplicationStart(null, started.Failure!.Status, started.Failure.Detail);
    }
}
