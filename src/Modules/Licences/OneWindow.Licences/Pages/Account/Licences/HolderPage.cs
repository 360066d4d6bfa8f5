using System.Globalization;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Web;

namespace OneWindow.Licences.Pages.Account.Licences;

/// <summary>The holder behind a citizen session: the enterprise when acting for one, else the citizen. Licences are
/// shown to real-name applicants only (L2 and up): a self-declared ID number must not open someone else's licences.</summary>
public abstract class HolderPage(IApplicantDirectory applicants) : CitizenPage
{
    public ApplicantProfile? Holder { get; private set; }

    public bool NeedsVerification { get; private set; }

    protected async Task<bool> ResolveHolderAsync(CancellationToken ct)
    {
        var subject = ActingFor is { } enterprise ? "enterprise:" + enterprise.ToString(CultureInfo.InvariantCulture) : Principal.Subject;
        var profile = await applicants.ProfileAsync(subject, ct);
        if (profile == null || !profile.IsRealName)
        {
            NeedsVerification = true;
            return false;
        }

        Holder = profile;
        return true;
    }
}
