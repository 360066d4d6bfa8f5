using OneWindow.Shared.Results;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>/admin/cases/items/{itemId}/process: the handling process, edited by the item department's admin.</summary>
public sealed class ItemProcessModel(ItemSetups setups, IOrganisationDirectory organisation) : ItemSetupPage(setups, organisation)
{
    private readonly ItemSetups setups = setups;

    protected override string EditorRole => StaffRoles.DepartmentAdmin;

    protected override string SavedJson(ItemSetupView view) => view.Process.ToJson();

    protected override Task<Outcome<ItemSetupView>> SaveAsync(CaseActor actor, long itemId, string json, CancellationToken ct) => setups.SaveProcessAsync(actor, itemId, json, ct);
}
