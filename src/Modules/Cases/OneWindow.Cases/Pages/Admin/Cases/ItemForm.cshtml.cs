using OneWindow.Shared.Results;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>/admin/cases/items/{itemId}/form: the application form, edited by the item's catalogue editor.</summary>
public sealed class ItemFormModel(ItemSetups setups, IOrganisationDirectory organisation) : ItemSetupPage(setups, organisation)
{
    private readonly ItemSetups setups = setups;

    protected override string EditorRole => StaffRoles.CatalogEditor;

    protected override string SavedJson(ItemSetupView view) => view.Form.ToJson();

    protected override Task<Outcome<ItemSetupView>> SaveAsync(CaseActor actor, long itemId, string json, CancellationToken ct) => setups.SaveFormAsync(actor, itemId, json, ct);
}
