using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Search;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Results;

namespace OneWindow.Catalog.Features.Editing;

/// <summary>
/// The life cycle of implementation-list items: draft → submitted → approved by the catalogue reviewer
/// (编办/法制审核) → published, with return-for-changes, suspension and withdrawal. Every change writes its
/// history event and its audit entry in the same transaction as the change itself.
/// </summary>
public sealed class CatalogEditor(CatalogDbContext db, TimeProvider clock)
{
    public async Task<Outcome<EditResult>> CreateAsync(long departmentId, string regionCode, ItemGuide guide, CatalogActor actor, CancellationToken ct = default)
    {
        var errors = GuideValidator.Validate(guide);
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId, ct);
        if (department == null)
        {
            errors.Add("departmentId", "请选择实施部门");
        }
        else if (!actor.MayEdit(department.Id, department.RegionCode))
        {
            return CatalogText.Fail(FailureKind.Forbidden, "catalog.create_forbidden");
        }

        if (!Region.IsWellFormed(regionCode) || !await db.Regions.AnyAsync(r => r.Code == regionCode, ct))
        {
            errors.Add("regionCode", "请输入有效的6位行政区划代码（GB/T 2260），例如 340100");
        }

        if (!errors.IsValid)
        {
            return CatalogText.Invalid(errors);
        }

        var basic = await db.BasicItems.FirstOrDefaultAsync(b => b.BaseCode == guide.BaseCode, ct);
        var basisJson = JsonSerializer.Serialize(guide.LegalBasis, ItemGuide.JsonOptions);
        if (basic != null)
        {
            var mismatch = BasicMismatch(basic, guide, basisJson);
            if (mismatch != null)
            {
                return CatalogText.InvalidText(mismatch.Value.Field, mismatch.Value.Message);
            }
        }

        var implementationCode = ServiceItem.BuildImplementationCode(department!.CreditCode, guide.ExerciseLevel, guide.BaseCode);
        if (await db.ServiceItems.AnyAsync(i => i.ImplementationCode == implementationCode, ct))
        {
            return CatalogText.Invalid("baseCode", "catalog.base_code_taken", guide.BaseCode, implementationCode);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (basic == null)
            {
                basic = db.BasicItems.Add(new BasicItem
                {
                    BaseCode = guide.BaseCode,
                    Name = guide.Name,
                    ItemType = guide.ItemType,
                    LegalBasisJson = basisJson,
                    CreatedAt = now,
                }).Entity;
                await db.SaveChangesAsync(ct);
            }

            var item = db.ServiceItems.Add(new ServiceItem
            {
                BasicItemId = basic.Id,
                ImplementationCode = implementationCode,
                DepartmentId = department.Id,
                RegionCode = regionCode,
                LatestVersion = 1,
                CreatedAt = now,
                UpdatedAt = now,
            }).Entity;
            await db.SaveChangesAsync(ct);
            db.ItemVersions.Add(NewVersion(item.Id, 1, guide, actor, now));
            db.ItemEvents.Add(Event(item.Id, 1, "created", actor, null, now));
            await db.SaveChangesAsync(ct);
            await AuditLog.AppendAsync(db, AuditRecordFor(item, 1, "created", actor, null), now, ct);
            await transaction.CommitAsync(ct);
            return new EditResult(item.Id, 1);
        }
        catch (DbUpdateException)
        {
            // A concurrent create took the same base or implementation code first; nothing of ours was kept.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return CatalogText.Fail(FailureKind.Conflict, "catalog.created_meanwhile");
        }
    }

    /// <summary>Saves the working draft. Editing a published item starts a new version; the published one stays live.</summary>
    public async Task<Outcome<EditResult>> SaveDraftAsync(long itemId, ItemGuide guide, int? expectedRevision, string? changeNote, CatalogActor actor, CancellationToken ct = default)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return CatalogText.Fail(FailureKind.NotFound, "catalog.item_not_found");
        }

        if (!actor.MayEdit(item.DepartmentId, await RegionOfAsync(item.DepartmentId, ct)))
        {
            return CatalogText.Fail(FailureKind.Forbidden, "catalog.edit_forbidden");
        }

        if (expectedRevision.HasValue && expectedRevision.Value != item.Revision)
        {
            return CatalogText.Fail(FailureKind.Conflict, "catalog.edited_meanwhile");
        }

        var errors = GuideValidator.Validate(guide);
        if (changeNote is { Length: > 500 })
        {
            errors.Add("changeNote", "修改说明不能超过500个字符");
        }

        var basic = await db.BasicItems.AsNoTracking().FirstAsync(b => b.Id == item.BasicItemId, ct);
        if (guide.BaseCode != basic.BaseCode)
        {
            errors.Add("baseCode", "基本编码由目录清单确定，不能在实施清单中修改");
        }
        else
        {
            var mismatch = BasicMismatch(basic, guide, JsonSerializer.Serialize(guide.LegalBasis, ItemGuide.JsonOptions));
            if (mismatch != null)
            {
                errors.Add(mismatch.Value.Field, mismatch.Value.Message);
            }
        }

        if (!errors.IsValid)
        {
            return CatalogText.Invalid(errors);
        }

        var latest = await db.ItemVersions.FirstAsync(v => v.ServiceItemId == itemId && v.VersionNo == item.LatestVersion, ct);
        var now = clock.GetUtcNow();
        ItemVersion target;
        if (latest.IsEditable)
        {
            target = latest;
        }
        else if (latest.State is VersionState.Published or VersionState.Superseded)
        {
            target = NewVersion(item.Id, latest.VersionNo + 1, guide, actor, now);
            db.ItemVersions.Add(target);
            item.LatestVersion = target.VersionNo;
        }
        else
        {
            return CatalogText.Fail(FailureKind.Conflict, "catalog.under_review");
        }

        target.GuideJson = guide.ToJson();
        target.Name = guide.Name;
        target.ChangeNote = changeNote;
        target.UpdatedAt = now;
        item.UpdatedAt = now;
        item.Revision++;
        db.ItemEvents.Add(Event(item.Id, target.VersionNo, "edited", actor, changeNote, now));
        return await SaveAsync(item, target.VersionNo, "edited", actor, changeNote, ct);
    }

    public Task<Outcome<EditResult>> SubmitAsync(long itemId, CatalogActor actor, CancellationToken ct = default) =>
        TransitionAsync(itemId, actor, requireEditor: true, VersionState.Submitted, "submitted", null, ct,
            version => version.IsEditable ? null : "catalog.submit_not_editable");

    public Task<Outcome<EditResult>> ApproveAsync(long itemId, string? comment, CatalogActor actor, CancellationToken ct = default) =>
        TransitionAsync(itemId, actor, requireEditor: false, VersionState.Approved, "approved", comment, ct,
            version => version.State == VersionState.Submitted ? null : "catalog.approve_not_submitted");

    public async Task<Outcome<EditResult>> ReturnAsync(long itemId, string? comment, CatalogActor actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return CatalogText.Invalid("comment", "catalog.return_comment_required");
        }

        if (comment.Length > 2000)
        {
            return CatalogText.Invalid("comment", "catalog.comment_too_long");
        }

        return await TransitionAsync(itemId, actor, requireEditor: false, VersionState.Returned, "returned", comment, ct,
            version => version.State is VersionState.Submitted or VersionState.Approved ? null : "catalog.return_not_in_review");
    }

    /// <summary>Publishes the approved version: it becomes what the portal shows, the previous one is superseded.</summary>
    public async Task<Outcome<EditResult>> PublishAsync(long itemId, CatalogActor actor, CancellationToken ct = default)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return CatalogText.Fail(FailureKind.NotFound, "catalog.item_not_found");
        }

        if (!actor.MayReview(item.DepartmentId, await RegionOfAsync(item.DepartmentId, ct)))
        {
            return CatalogText.Fail(FailureKind.Forbidden, "catalog.publish_forbidden");
        }

        var latest = await db.ItemVersions.FirstAsync(v => v.ServiceItemId == itemId && v.VersionNo == item.LatestVersion, ct);
        if (latest.State != VersionState.Approved)
        {
            return CatalogText.Fail(FailureKind.Conflict, "catalog.publish_not_approved");
        }

        var now = clock.GetUtcNow();
        if (item.PublishedVersion is { } previousNo)
        {
            await db.ItemVersions.Where(v => v.ServiceItemId == itemId && v.VersionNo == previousNo)
                .ForEachAsync(v => v.State = VersionState.Superseded, ct);
        }

        latest.State = VersionState.Published;
        latest.PublishedAt = now;
        item.PublishedVersion = latest.VersionNo;
        if (item.Publication != PublicationState.Suspended)
        {
            item.Publication = PublicationState.Published;
            item.PublicationReason = null;
        }

        item.UpdatedAt = now;
        item.Revision++;
        await IndexAsync(item, latest, ct);
        db.ItemEvents.Add(Event(item.Id, latest.VersionNo, "published", actor, null, now));
        return await SaveAsync(item, latest.VersionNo, "published", actor, null, ct);
    }

    public Task<Outcome<EditResult>> SuspendAsync(long itemId, string? reason, CatalogActor actor, CancellationToken ct = default) =>
        ChangePublicationAsync(itemId, PublicationState.Suspended, reason, "suspended", actor, ct);

    public Task<Outcome<EditResult>> ResumeAsync(long itemId, CatalogActor actor, CancellationToken ct = default) =>
        ChangePublicationAsync(itemId, PublicationState.Published, null, "resumed", actor, ct);

    public Task<Outcome<EditResult>> UnpublishAsync(long itemId, string? reason, CatalogActor actor, CancellationToken ct = default) =>
        ChangePublicationAsync(itemId, PublicationState.Unpublished, reason, "unpublished", actor, ct);

    private async Task<Outcome<EditResult>> ChangePublicationAsync(long itemId, PublicationState state, string? reason, string action, CatalogActor actor, CancellationToken ct)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return CatalogText.Fail(FailureKind.NotFound, "catalog.item_not_found");
        }

        var region = await RegionOfAsync(item.DepartmentId, ct);
        if (!actor.MayReview(item.DepartmentId, region) && !actor.MayEdit(item.DepartmentId, region))
        {
            return CatalogText.Fail(FailureKind.Forbidden, "catalog.publication_forbidden");
        }

        if (state != PublicationState.Published && string.IsNullOrWhiteSpace(reason))
        {
            return CatalogText.Invalid("reason", state == PublicationState.Suspended ? "catalog.suspend_reason_required" : "catalog.unpublish_reason_required");
        }

        if (reason is { Length: > 500 })
        {
            return CatalogText.Invalid("reason", "catalog.reason_too_long");
        }

        if (item.PublishedVersion == null)
        {
            return CatalogText.Fail(FailureKind.Conflict, "catalog.not_published");
        }

        var allowed = state switch
        {
            PublicationState.Suspended => item.Publication == PublicationState.Published,
            PublicationState.Published => item.Publication is PublicationState.Suspended or PublicationState.Unpublished,
            _ => item.Publication is PublicationState.Published or PublicationState.Suspended,
        };
        if (!allowed)
        {
            return CatalogText.Fail(FailureKind.Conflict, "catalog.state_not_allowed");
        }

        // The search row is removed by a direct DELETE, so the change spans two statements: one transaction for both.
        await using var transaction = await BeginUnlessInTransactionAsync(ct);
        var now = clock.GetUtcNow();
        item.Publication = state;
        item.PublicationReason = state == PublicationState.Published ? null : reason!.Trim();
        item.UpdatedAt = now;
        item.Revision++;
        var published = await db.ItemVersions.FirstAsync(v => v.ServiceItemId == itemId && v.VersionNo == item.PublishedVersion, ct);
        if (state == PublicationState.Unpublished)
        {
            await db.SearchEntries.Where(s => s.ServiceItemId == itemId).ExecuteDeleteAsync(ct);
        }
        else
        {
            await IndexAsync(item, published, ct);
        }

        db.ItemEvents.Add(Event(item.Id, published.VersionNo, action, actor, reason, now));
        var outcome = await SaveAsync(item, published.VersionNo, action, actor, reason, ct);
        if (outcome.Succeeded && transaction != null)
        {
            await transaction.CommitAsync(ct);
        }

        return outcome;
    }

    private async Task<Outcome<EditResult>> TransitionAsync(long itemId, CatalogActor actor, bool requireEditor, VersionState next, string action, string? comment, CancellationToken ct, Func<ItemVersion, string?> guard)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return CatalogText.Fail(FailureKind.NotFound, "catalog.item_not_found");
        }

        var region = await RegionOfAsync(item.DepartmentId, ct);
        if (requireEditor ? !actor.MayEdit(item.DepartmentId, region) : !actor.MayReview(item.DepartmentId, region))
        {
            return CatalogText.Fail(FailureKind.Forbidden, requireEditor ? "catalog.submit_forbidden" : "catalog.review_forbidden");
        }

        if (comment is { Length: > 2000 })
        {
            return CatalogText.Invalid("comment", "catalog.comment_too_long");
        }

        var version = await db.ItemVersions.FirstAsync(v => v.ServiceItemId == itemId && v.VersionNo == item.LatestVersion, ct);
        var refusal = guard(version);
        if (refusal != null)
        {
            return CatalogText.Fail(FailureKind.Conflict, refusal);
        }

        var now = clock.GetUtcNow();
        version.State = next;
        version.UpdatedAt = now;
        if (!requireEditor)
        {
            version.ReviewedBy = actor.Name;
            version.ReviewedAt = now;
            version.ReviewComment = comment;
        }

        item.UpdatedAt = now;
        item.Revision++;
        db.ItemEvents.Add(Event(item.Id, version.VersionNo, action, actor, comment, now));
        return await SaveAsync(item, version.VersionNo, action, actor, comment, ct);
    }

    /// <summary>The division of the item's department: what a reviewer's region must contain.</summary>
    private Task<string> RegionOfAsync(long departmentId, CancellationToken ct) =>
        db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.RegionCode).FirstAsync(ct);

    private async Task IndexAsync(ServiceItem item, ItemVersion version, CancellationToken ct)
    {
        var department = await db.Departments.AsNoTracking().FirstAsync(d => d.Id == item.DepartmentId, ct);
        var existing = await db.SearchEntries.FirstOrDefaultAsync(s => s.ServiceItemId == item.Id, ct);
        var entry = SearchIndexer.Build(item, version.VersionNo, ItemGuide.FromJson(version.GuideJson), department, existing);
        if (existing == null)
        {
            db.SearchEntries.Add(entry);
        }
    }

    /// <summary>Saves the change and its audit entry together. Inside a caller's transaction both commit or roll
    /// back with it; otherwise this opens and commits its own.</summary>
    private async Task<Outcome<EditResult>> SaveAsync(ServiceItem item, int versionNo, string action, CatalogActor actor, string? comment, CancellationToken ct)
    {
        await using var transaction = await BeginUnlessInTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await AuditLog.AppendAsync(db, AuditRecordFor(item, versionNo, action, actor, comment), clock.GetUtcNow(), ct);
            if (transaction != null)
            {
                await transaction.CommitAsync(ct);
            }

            return new EditResult(item.Id, versionNo);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogText.Fail(FailureKind.Conflict, "catalog.changed_meanwhile");
        }
    }

    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginUnlessInTransactionAsync(CancellationToken ct) =>
        db.Database.CurrentTransaction == null ? await db.Database.BeginTransactionAsync(ct) : null;

    /// <summary>The audit entry names the actor by subject ("staff:12") and the item by id and implementation code,
    /// never a person's name or the comment text: reasons and review comments are free text that may name people, and
    /// the audit log must not hold personal data.</summary>
    private static AuditRecord AuditRecordFor(ServiceItem item, int versionNo, string action, CatalogActor actor, string? comment) => new(
        actor.Subject,
        actor.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        $"catalog.item.{action}",
        "catalog.item",
        item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        $"{action} {item.ImplementationCode} v{versionNo}",
        JsonSerializer.Serialize(new { version = versionNo, publication = item.Publication.ToString().ToLowerInvariant(), withComment = !string.IsNullOrWhiteSpace(comment) }));

    private static (string Field, string Message)? BasicMismatch(BasicItem basic, ItemGuide guide, string basisJson)
    {
        const string suffix = "由目录清单统一规定，各地区各层级必须一致";
        if (basic.Name != guide.Name)
        {
            return ("name", $"事项名称{suffix}（目录清单为「{basic.Name}」）");
        }

        if (basic.ItemType != guide.ItemType)
        {
            return ("itemType", $"事项类型{suffix}");
        }

        if (basic.LegalBasisJson != basisJson)
        {
            return ("legalBasis", $"设定依据{suffix}");
        }

        return null;
    }

    internal static ItemVersion NewVersion(long itemId, int versionNo, ItemGuide guide, CatalogActor actor, DateTimeOffset now) => new()
    {
        ServiceItemId = itemId,
        VersionNo = versionNo,
        State = VersionState.Draft,
        Name = guide.Name,
        GuideJson = guide.ToJson(),
        CreatedBy = actor.Name,
        CreatedAt = now,
        UpdatedAt = now,
    };

    internal static ItemEvent Event(long itemId, int versionNo, string action, CatalogActor actor, string? comment, DateTimeOffset now) => new()
    {
        ServiceItemId = itemId,
        VersionNo = versionNo,
        Action = action,
        Actor = actor.Name,
        Comment = comment,
        At = now,
    };
}
