using OneWindow.Shared.Results;
using OneWindow.Shared.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Data;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Setup;

public sealed record ItemSetupView(long ItemId, string ItemName, long DepartmentId, string RegionCode, FormDefinition Form, bool FormIsDefault, ProcessDefinition Process, bool ProcessIsDefault,
    ProofsDefinition? Proofs = null, InstantDefinition? Instant = null, IReadOnlyList<RequiredMaterial>? Materials = null);

/// <summary>
/// The per-item application form (edited by the item's catalogue editor) and handling process (edited by its department
/// admin). Both are JSON documents checked before saving; a case freezes them when it starts, so edits affect new
/// applications only.
/// </summary>
public sealed class ItemSetups(CasesDbContext db, IPublishedItems catalog, IOrganisationDirectory organisation, TimeProvider clock)
{
    public async Task<ItemSetupView?> GetAsync(long itemId, CancellationToken ct)
    {
        var item = await catalog.SnapshotAsync(itemId, ct);
        if (item == null)
        {
            return null;
        }

        var row = await db.ItemSetups.AsNoTracking().FirstOrDefaultAsync(s => s.ServiceItemId == itemId, ct);
        return new ItemSetupView(
            itemId, item.Name, item.DepartmentId, item.RegionCode,
            row?.FormJson is { } form ? FormDefinition.FromJson(form) : FormDefinition.Default, row?.FormJson is null,
            row?.ProcessJson is { } process ? ProcessDefinition.FromJson(process) : ProcessDefinition.Default, row?.ProcessJson is null,
            ProofsDefinition.FromJson(row?.ProofsJson), InstantDefinition.FromJson(row?.InstantJson),
            item.Materials.Select(m => new RequiredMaterial(m.Name, m.Required, m.Form, m.Note)).ToList());
    }

    public Task<Outcome<ItemSetupView>> SaveFormAsync(CaseActor actor, long itemId, string json, CancellationToken ct) =>
        SaveAsync(actor, itemId, StaffRoles.CatalogEditor, "form", json, (setup, view) =>
        {
            var form = Parse<FormDefinition>(json);
            var errors = form?.CheckDefinition() ?? [CaseText.T("cases.not_valid_json")];
            if (errors.Count == 0)
            {
                setup.FormJson = form!.ToJson();
            }

            return Task.FromResult(errors);
        }, ct);

    public Task<Outcome<ItemSetupView>> SaveProcessAsync(CaseActor actor, long itemId, string json, CancellationToken ct) =>
        SaveAsync(actor, itemId, StaffRoles.DepartmentAdmin, "process", json, async (setup, view) =>
        {
            var process = Parse<ProcessDefinition>(json);
            if (process == null)
            {
                return (IReadOnlyList<string>)[CaseText.T("cases.not_valid_json")];
            }

            var departments = (await organisation.DepartmentsAsync(ct)).Select(d => d.Id).ToHashSet();
            var errors = process.CheckDefinition(departments);
            if (errors.Count == 0)
            {
                setup.ProcessJson = process.ToJson();
            }

            return errors;
        }, ct);

    /// <summary>免证办 and 告知承诺 per material (catalogue editor, like the form).</summary>
    public Task<Outcome<ItemSetupView>> SaveProofsAsync(CaseActor actor, long itemId, string json, CancellationToken ct) =>
        SaveAsync(actor, itemId, StaffRoles.CatalogEditor, "proofs", json, (setup, view) =>
        {
            var proofs = Parse<ProofsDefinition>(json);
            var errors = proofs?.CheckDefinition(view.Materials ?? []) ?? [CaseText.T("cases.not_valid_json")];
            if (errors.Count == 0)
            {
                setup.ProofsJson = proofs!.ToJson();
            }

            return Task.FromResult(errors);
        }, ct);

    /// <summary>秒批 switch and rules (department admin: it decides cases of the department).</summary>
    public Task<Outcome<ItemSetupView>> SaveInstantAsync(CaseActor actor, long itemId, string json, CancellationToken ct) =>
        SaveAsync(actor, itemId, StaffRoles.DepartmentAdmin, "instant", json, (setup, view) =>
        {
            var instant = Parse<InstantDefinition>(json);
            var errors = instant?.CheckDefinition() ?? [CaseText.T("cases.not_valid_json")];
            if (errors.Count == 0)
            {
                setup.InstantJson = instant!.ToJson();
            }

            return Task.FromResult(errors);
        }, ct);

    private async Task<Outcome<ItemSetupView>> SaveAsync(CaseActor actor, long itemId, string role, string what, string json,
        Func<ItemSetup, ItemSetupView, Task<IReadOnlyList<string>>> apply, CancellationToken ct)
    {
        var view = await GetAsync(itemId, ct);
        if (view == null)
        {
            return CaseFailures.NotFoundOf("cases.item_not_found_not_published");
        }

        if (!actor.IsStaff || !actor.Scope.Reaches(role, view.DepartmentId, view.RegionCode))
        {
            return CaseFailures.Forbidden("cases.only_item_role_may_change", Lang.IsEnglish ? StaffRoles.Title(role).En : StaffRoles.Title(role).Zh);
        }

        // Two first saves of the same item race to insert its row: the loser's insert hits the key, and its second
        // attempt finds the row and updates it.
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var setup = await db.ItemSetups.FirstOrDefaultAsync(s => s.ServiceItemId == itemId, ct);
            if (setup == null)
            {
                setup = new ItemSetup { ServiceItemId = itemId };
                db.ItemSetups.Add(setup);
            }

            var errors = await apply(setup, view);
            if (errors.Count > 0)
            {
                db.ChangeTracker.Clear();
                return CaseFailures.Invalid(new Dictionary<string, string[]> { [what] = errors.ToArray() });
            }

            var now = clock.GetUtcNow();
            setup.UpdatedBy = actor.Subject;
            setup.UpdatedAt = now;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (attempt == 1 && UniqueViolation.Is(e))
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                continue;
            }

            await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"cases.item_{what}_saved", "service_item", itemId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{what} of item {itemId} saved"), now, ct);
            await tx.CommitAsync(ct);
            break;
        }

        return (await GetAsync(itemId, ct))!;
    }

    private static T? Parse<T>(string json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, CaseJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
