using OneWindow.Shared.Results;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>/admin/cases/items/{itemId}/proofs: which materials e-licences or the registry prove (免证办) and which
/// accept a written commitment (告知承诺制), edited by the item's catalogue editor (docs/certificate-free.md).</summary>
public sealed class ItemProofsModel(ItemSetups setups, IOrganisationDirectory organisation) : ItemSetupPage(setups, organisation)
{
    private readonly ItemSetups setups = setups;

    protected override string EditorRole => StaffRoles.CatalogEditor;

    protected override string SavedJson(ItemSetupView view) => (view.Proofs ?? new OneWindow.Cases.Domain.ProofsDefinition()).ToJson();

    protected override Task<Outcome<ItemSetupView>> SaveAsync(CaseActor actor, long itemId, string json, CancellationToken ct) => setups.SaveProofsAsync(actor, itemId, json, ct);
}
