using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Search;
using OneWindow.Shared.Audit;

namespace OneWindow.Catalog.Features.Editing;

/// <summary>
/// The life cycle of implementation-list items: draft → submitted → approved by the catalogue reviewer
/// (编办/法制审核) → published, with return-for-changes, suspension and withdrawal. Every change writes its
/// history event and its audit entry in the same transaction as the change itself.
/// </summary>
public sealed class CatalogEditor(CatalogDbContext db, TimeProvider clock)
{
    public async Task<EditOutcome> CreateAsync(long departmentId, string regionCode, ItemGuide guide, CatalogActor actor, CancellationToken ct = default)
    {
        var errors = GuideValidator.Validate(guide);
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId, ct);
        if (department == null)
        {
            errors.Add("departmentId", "请选择实施部门");
        }
        else if (!actor.MayEdit(department.Id, department.RegionCode))
        {
            return EditOutcome.Forbidden("只能为本部门创建事项");
        }

        if (!Region.IsWellFormed(regionCode) || !await db.Regions.AnyAsync(r => r.Code == regionCode, ct))
        {
            errors.Add("regionCode", "请输入有效的6位行政区划代码（GB/T 2260），例如 340100");
        }

        if (!errors.IsValid)
        {
            return EditOutcome.Invalid(errors);
        }

        var basic = await db.BasicItems.FirstOrDefaultAsync(b => b.BaseCode == guide.BaseCode, ct);
        var basisJson = JsonSerializer.Serialize(guide.LegalBasis, ItemGuide.JsonOptions);
        if (basic != null)
        {
            var mismatch = BasicMismatch(basic, guide, basisJson);
            if (mismatch != null)
            {
                return EditOutcome.Invalid(mismatch.Value.Field, mismatch.Value.Message);
            }
        }

        var implementationCode = ServiceItem.BuildImplementationCode(department!.CreditCode, guide.ExerciseLevel, guide.BaseCode);
        if (await db.ServiceItems.AnyAsync(i => i.ImplementationCode == implementationCode, ct))
        {
            return EditOutcome.Invalid("baseCode", $"本部门已有基本编码为 {guide.BaseCode} 的实施清单事项（实施编码 {implementationCode}）");
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
            return EditOutcome.Ok(item.Id, 1);
        }
        catch (DbUpdateException)
        {
            // A concurrent create took the same base or implementation code first; nothing of ours was kept.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return EditOutcome.Conflict("同一编码的事项刚刚已被创建，请刷新后检查");
        }
    }

    /// <summary>Saves the working draft. Editing a published item starts a new version; the published one stays live.</summary>
    public async Task<EditOutcome> SaveDraftAsync(long itemId, ItemGuide guide, int? expectedRevision, string? changeNote, CatalogActor actor, CancellationToken ct = default)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return EditOutcome.NotFound();
        }

        if (!actor.MayEdit(item.DepartmentId, await RegionOfAsync(item.DepartmentId, ct)))
        {
            return EditOutcome.Forbidden("只能修改本部门的事项");
        }

        if (expectedRevision.HasValue && expectedRevision.Value != item.Revision)
        {
            return EditOutcome.Conflict("该事项已被他人修改，请刷新后重新编辑（您的修改未保存）");
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
            return EditOutcome.Invalid(errors);
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
            return EditOutcome.Conflict("该版本正在审核中，审核退回后才能修改");
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

    public Task<EditOutcome> SubmitAsync(long itemId, CatalogActor actor, CancellationToken ct = default) =>
        TransitionAsync(itemId, actor, requireEditor: true, VersionState.Submitted, "submitted", null, ct,
            version => version.IsEditable ? null : "只有草稿或退回修改的版本可以提交审核");

    public Task<EditOutcome> ApproveAsync(long itemId, string? comment, CatalogActor actor, CancellationToken ct = default) =>
        TransitionAsync(itemId, actor, requireEditor: false, VersionState.Approved, "approved", comment, ct,
            version => version.State == VersionState.Submitted ? null : "只有已提交审核的版本可以审核通过");

    public async Task<EditOutcome> ReturnAsync(long itemId, string? comment, CatalogActor actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return EditOutcome.Invalid("comment", "退回时请写明需要修改的内容");
        }

        if (comment.Length > 2000)
        {
            return EditOutcome.Invalid("comment", "审核意见不能超过2000个字符");
        }

        return await TransitionAsync(itemId, actor, requireEditor: false, VersionState.Returned, "returned", comment, ct,
            version => version.State is VersionState.Submitted or VersionState.Approved ? null : "只有审核中的版本可以退回");
    }

    /// <summary>Publishes the approved version: it becomes what the portal shows, the previous one is superseded.</summary>
    public async Task<EditOutcome> PublishAsync(long itemId, CatalogActor actor, CancellationToken ct = default)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return EditOutcome.NotFound();
        }

        if (!actor.MayReview(item.DepartmentId, await RegionOfAsync(item.DepartmentId, ct)))
        {
            return EditOutcome.Forbidden("只有本地区（含下级）的目录审核人员可以发布该事项");
        }

        var latest = await db.ItemVersions.FirstAsync(v => v.ServiceItemId == itemId && v.VersionNo == item.LatestVersion, ct);
        if (latest.State != VersionState.Approved)
        {
            return EditOutcome.Conflict("只有审核通过的版本可以发布");
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

    public Task<EditOutcome> SuspendAsync(long itemId, string? reason, CatalogActor actor, CancellationToken ct = default) =>
        ChangePublicationAsync(itemId, PublicationState.Suspended, reason, "suspended", actor, ct);

    public Task<EditOutcome> ResumeAsync(long itemId, CatalogActor actor, CancellationToken ct = default) =>
        ChangePublicationAsync(itemId, PublicationState.Published, null, "resumed", actor, ct);

    public Task<EditOutcome> UnpublishAsync(long itemId, string? reason, CatalogActor actor, CancellationToken ct = default) =>
        ChangePublicationAsync(itemId, PublicationState.Unpublished, reason, "unpublished", actor, ct);

    private async Task<EditOutcome> ChangePublicationAsync(long itemId, PublicationState state, string? reason, string action, CatalogActor actor, CancellationToken ct)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return EditOutcome.NotFound();
        }

        var region = await RegionOfAsync(item.DepartmentId, ct);
        if (!actor.MayReview(item.DepartmentId, region) && !actor.MayEdit(item.DepartmentId, region))
        {
            return EditOutcome.Forbidden("无权变更该事项的发布状态");
        }

        if (state != PublicationState.Published && string.IsNullOrWhiteSpace(reason))
        {
            return EditOutcome.Invalid("reason", state == PublicationState.Suspended ? "暂停办理时请写明原因" : "取消发布时请写明原因");
        }

        if (reason is { Length: > 500 })
        {
            return EditOutcome.Invalid("reason", "原因不能超过500个字符");
        }

        if (item.PublishedVersion == null)
        {
            return EditOutcome.Conflict("该事项尚未发布");
        }

        var allowed = state switch
        {
            PublicationState.Suspended => item.Publication == PublicationState.Published,
            PublicationState.Published => item.Publication is PublicationState.Suspended or PublicationState.Unpublished,
            _ => item.Publication is PublicationState.Published or PublicationState.Suspended,
        };
        if (!allowed)
        {
            return EditOutcome.Conflict("事项当前状态不允许此操作");
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

    private async Task<EditOutcome> TransitionAsync(long itemId, CatalogActor actor, bool requireEditor, VersionState next, string action, string? comment, CancellationToken ct, Func<ItemVersion, string?> guard)
    {
        var item = await db.ServiceItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item == null)
        {
            return EditOutcome.NotFound();
        }

        var region = await RegionOfAsync(item.DepartmentId, ct);
        if (requireEditor ? !actor.MayEdit(item.DepartmentId, region) : !actor.MayReview(item.DepartmentId, region))
        {
            return EditOutcome.Forbidden(requireEditor ? "只能提交本部门的事项" : "只能审核本地区（含下级）部门的事项");
        }

        if (comment is { Length: > 2000 })
        {
            return EditOutcome.Invalid("comment", "审核意见不能超过2000个字符");
        }

        var version = await db.ItemVersions.FirstAsync(v => v.ServiceItemId == itemId && v.VersionNo == item.LatestVersion, ct);
        var refusal = guard(version);
        if (refusal != null)
        {
            return EditOutcome.Conflict(refusal);
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
    private async Task<EditOutcome> SaveAsync(ServiceItem item, int versionNo, string action, CatalogActor actor, string? comment, CancellationToken ct)
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

            return EditOutcome.Ok(item.Id, versionNo);
        }
        catch (DbUpdateConcurrencyException)
        {
            return EditOutcome.Conflict("该事项已被他人修改，请刷新后重试（您的修改未保存）");
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
