using OneWindow.Shared.Results;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>/admin/cases/items/{itemId}/instant: the 秒批 switch and rules, edited by the department admin (it decides
/// the department's cases; docs/certificate-free.md).</summary>
public sealed class ItemInstantModel(ItemSetups setups, IOrganisationDirectory organisation) : ItemSetupPage(setups, organisation)
{
    private readonly ItemSetups setups = setups;

    protected override string EditorRole => StaffRoles.DepartmentAdmin;

    protected override string SavedJson(ItemSetupView view) => (view.Instant ?? new OneWindow.Cases.Domain.InstantDefinition()).ToJson();

    protected override Task<Outcome<ItemSetupView>> SaveAsync(CaseActor actor, long itemId, string json, CancellationToken ct) => setups.SaveInstantAsync(actor, itemId, json, ct);
}
