using OneWindow.Licences.Domain;
using OneWindow.Licences.Features.Holding;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Licences;

namespace OneWindow.Licences.Pages.Account.Licences;

/// <summary>我的证照: every licence of the signed-in holder (or the enterprise they act for), with its status.</summary>
public sealed class IndexModel(IApplicantDirectory applicants, HolderLicences licences) : HolderPage(applicants)
{
    public IReadOnlyList<(Licence Licence, LicenceCheck Check)> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await ResolveHolderAsync(ct))
        {
            Rows = await licences.ListAsync(Holder!.Code, ct);
        }
    }
}
