using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.DataCatalog.Data;
using OneWindow.DataCatalog.Domain;
using OneWindow.DataCatalog.Features.Search;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.DataCatalog.Features.Editing;

/// <summary>
/// The life cycle of a data resource: draft → submitted → published | returned (with a reason). Editing a published
/// resource starts a new draft version while the published one stays live. Each transition is one transaction with its
/// audit entry (datacatalog.resource.created|edited|submitted|published|returned). The code (分类码/顺序码) is allocated
/// on first submission from a per-classification sequence.
/// </summary>
public sealed class ResourceEditor(DataCatalogDbContext db, IOrganisationDirectory organisation, Reading.PublishedResourceCache published, TimeProvider clock)
{
    /// <summary>A resource by its URL key: the code with '-' for '/', or (before its first submission) its numeric id.</summary>
    public Task<DataResource?> FindAsync(string key, CancellationToken ct)
    {
        if (key.Length > 0 && key.Length <= 18 && key.All(char.IsAsciiDigit) && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return db.Resources.FirstOrDefaultAsync(r => r.Id == id, ct);
        }

        var code = DataResourceCodes.FromUrl(key);
        return db.Resources.FirstOrDefaultAsync(r => r.Code == code, ct);
    }

    public async Task<Outcome<DataResource>> CreateAsync(ResourceInput input, PlatformPrincipal actor, CancellationToken ct)
    {
        var key = string.IsNullOrWhiteSpace(input.ProviderDepartment) ? null : input.ProviderDepartment.Trim();
        var provider = key != null ? await organisation.DepartmentByKeyAsync(key, ct)
            : actor.DepartmentId is { } own ? await organisation.DepartmentAsync(own, ct) : null;
        if (provider == null)
        {
            return DataCatalogText.Invalid("providerDepartment", "datacatalog.provider_unknown");
        }

        if (!DataCatalogAccess.MayEdit(actor, provider.Id, provider.RegionCode))
        {
            return DataCatalogText.Fail(FailureKind.Forbidden, "datacatalog.edit_forbidden");
        }

        var checkedInput = await CheckAsync(input, provider, null, ct);
        if (checkedInput.Failure is { } failure)
        {
            return failure;
        }

        var metadata = checkedInput.Value!;
        var now = clock.GetUtcNow();
        var resource = new DataResource
        {
            Classification = metadata.Classification, ProviderDepartmentId = provider.Id, ProviderRegion = provider.RegionCode, Name = metadata.Name,
            LatestVersion = 1, LatestState = VersionStates.Draft, CreatedAt = now, UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Resources.Add(resource);
        await db.SaveChangesAsync(ct);
        db.Versions.Add(new ResourceVersion { ResourceId = resource.Id, VersionNo = 1, State = VersionStates.Draft, Document = metadata.ToJson(), CreatedAt = now, CreatedBy = actor.Subject });
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, "created", resource, 1, now, ct);
        await transaction.CommitAsync(ct);
        return resource;
    }

    /// <summary>Replaces the latest draft (or returned version); on a published resource starts a new draft version.</summary>
    public async Task<Outcome<DataResource>> UpdateAsync(string key, ResourceInput input, PlatformPrincipal actor, CancellationToken ct)
    {
        var edited = await EditorOfAsync(key, actor, ct);
        if (edited.Failure is { } refused)
        {
            return refused;
        }

        var resource = edited.Value!;

        if (resource.LatestState == VersionStates.Submitted)
        {
            return DataCatalogText.Fail(FailureKind.Conflict, "datacatalog.under_review");
        }

        var provider = await organisation.DepartmentAsync(resource.ProviderDepartmentId, ct)
            ?? throw new InvalidOperationException($"The provider department {resource.ProviderDepartmentId} of a data resource is gone.");
        if (!string.IsNullOrWhiteSpace(input.ProviderDepartment) && input.ProviderDepartment.Trim() != provider.Key)
        {
            return DataCatalogText.Invalid("providerDepartment", "datacatalog.provider_fixed");
        }

        var checkedInput = await CheckAsync(input, provider, resource, ct);
        if (checkedInput.Failure is { } failure)
        {
            return failure;
        }

        var metadata = checkedInput.Value!;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (resource.LatestState is VersionStates.Published)
        {
            resource.LatestVersion++;
            db.Versions.Add(new ResourceVersion
            {
                ResourceId = resource.Id, VersionNo = resource.LatestVersion, State = VersionStates.Draft, Document = metadata.ToJson(), CreatedAt = now, CreatedBy = actor.Subject,
            });
        }
        else
        {
            var latest = await LatestAsync(resource, ct);
            latest.Document = metadata.ToJson();
            latest.State = VersionStates.Draft;
        }

        resource.LatestState = VersionStates.Draft;
        resource.Name = metadata.Name;
        resource.Classification = metadata.Classification;
        resource.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, "edited", resource, resource.LatestVersion, now, ct);
        await transaction.CommitAsync(ct);
        return resource;
    }

    public async Task<Outcome<DataResource>> SubmitAsync(string key, PlatformPrincipal actor, CancellationToken ct)
    {
        var edited = await EditorOfAsync(key, actor, ct);
        if (edited.Failure is { } refused)
        {
            return refused;
        }

        var resource = edited.Value!;

        if (resource.LatestState is not (VersionStates.Draft or VersionStates.Returned))
        {
            return DataCatalogText.Fail(FailureKind.Conflict, "datacatalog.not_draft");
        }

        var latest = await LatestAsync(resource, ct);
        var metadata = ResourceMetadata.FromJson(latest.Document);
        // Checked again at submission: the document under review must name existing resources only.
        if (await UnknownRelatedAsync(metadata.RelatedCodes, resource, ct) is { } unknown)
        {
            return DataCatalogText.Invalid("relatedCodes", "datacatalog.related_unknown", unknown);
        }

        return await TransitionAsync(resource, latest, VersionStates.Submitted, actor, "submitted", async now =>
        {
            resource.Code ??= await CodeAllocator.NextAsync(db, resource.Classification, ct);
            latest.SubmittedAt = now;
            latest.SubmittedBy = actor.Subject;
            latest.ReturnReason = null;
        }, ct);
    }

    public async Task<Outcome<DataResource>> PublishAsync(string key, PlatformPrincipal actor, CancellationToken ct)
    {
        var reviewed = await ReviewableAsync(key, actor, ct);
        if (reviewed.Failure is { } failure)
        {
            return failure;
        }

        var (resource, latest) = reviewed.Value;
        var metadata = ResourceMetadata.FromJson(latest.Document);
        var provider = await organisation.DepartmentAsync(resource.ProviderDepartmentId, ct);
        var outcome = await TransitionAsync(resource, latest, VersionStates.Published, actor, "published", async now =>
        {
            if (resource.PublishedVersion is { } previous)
            {
                await db.Versions.Where(v => v.ResourceId == resource.Id && v.VersionNo == previous)
                    .ExecuteUpdateAsync(u => u.SetProperty(v => v.State, VersionStates.Superseded), ct);
            }

            latest.ReviewedAt = now;
            latest.ReviewedBy = actor.Subject;
            latest.PublishedOn = ChinaTime.Today(clock);
            resource.PublishedVersion = latest.VersionNo;
            var row = await db.Search.FirstOrDefaultAsync(s => s.ResourceId == resource.Id, ct);
            var built = ResourceIndexer.Build(resource.Id, resource.Code!, latest.VersionNo, latest.PublishedOn.Value, metadata, provider?.Name ?? metadata.ProviderName, row);
            if (row == null)
            {
                db.Search.Add(built);
            }
        }, ct);
        // After the commit: this node's exchange calls see the new version at once.
        published.Forget(resource.Code!);
        return outcome;
    }

    public async Task<Outcome<DataResource>> ReturnAsync(string key, string? reason, PlatformPrincipal actor, CancellationToken ct)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0 || text.Length > 500)
        {
            return DataCatalogText.Invalid("reason", text.Length == 0 ? "datacatalog.reason_required" : "datacatalog.too_long", 500);
        }

        var reviewed = await ReviewableAsync(key, actor, ct, returning: true);
        if (reviewed.Failure is { } failure)
        {
            return failure;
        }

        var (resource, latest) = reviewed.Value;
        // The reason is free text: it stays in the version row, not in the audit summary.
        return await TransitionAsync(resource, latest, VersionStates.Returned, actor, "returned", now =>
        {
            latest.ReviewedAt = now;
            latest.ReviewedBy = actor.Subject;
            latest.ReturnReason = text;
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>Moves the latest version (and the resource's view of it) to <paramref name="state"/>: the changes of
    /// <paramref name="within"/>, the save and the audit entry in one transaction.</summary>
    private async Task<DataResource> TransitionAsync(DataResource resource, ResourceVersion version, string state, PlatformPrincipal actor, string action,
        Func<DateTimeOffset, Task> within, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        version.State = state;
        resource.LatestState = state;
        resource.UpdatedAt = now;
        await within(now);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, action, resource, version.VersionNo, now, ct);
        await transaction.CommitAsync(ct);
        return resource;
    }

    /// <summary>The resource if the caller may edit it: 404 when they may not even see it, 403 when they see but may not edit.</summary>
    private async Task<Outcome<DataResource>> EditorOfAsync(string key, PlatformPrincipal actor, CancellationToken ct)
    {
        if (await EditableAsync(key, actor, ct) is not { } resource)
        {
            return DataCatalogText.Fail(FailureKind.NotFound, "datacatalog.not_found");
        }

        return DataCatalogAccess.MayEdit(actor, resource.ProviderDepartmentId, resource.ProviderRegion)
            ? resource
            : DataCatalogText.Fail(FailureKind.Forbidden, "datacatalog.edit_forbidden");
    }

    /// <summary>The resource, when the caller may see its drafts at all (editors and reviewers); others get null (404).</summary>
    private async Task<DataResource?> EditableAsync(string key, PlatformPrincipal actor, CancellationToken ct)
    {
        var resource = await FindAsync(key, ct);
        if (resource == null)
        {
            return null;
        }

        var visible = resource.PublishedVersion != null
            || DataCatalogAccess.MayEdit(actor, resource.ProviderDepartmentId, resource.ProviderRegion)
            || DataCatalogAccess.MayReview(actor, resource.ProviderDepartmentId, resource.ProviderRegion);
        return visible ? resource : null;
    }

    private async Task<Outcome<(DataResource, ResourceVersion)>> ReviewableAsync(string key, PlatformPrincipal actor, CancellationToken ct, bool returning = false)
    {
        if (await EditableAsync(key, actor, ct) is not { } resource)
        {
            return DataCatalogText.Fail(FailureKind.NotFound, "datacatalog.not_found");
        }

        if (!DataCatalogAccess.MayReview(actor, resource.ProviderDepartmentId, resource.ProviderRegion))
        {
            return DataCatalogText.Fail(FailureKind.Forbidden, "datacatalog.review_forbidden");
        }

        if (resource.LatestState != VersionStates.Submitted)
        {
            return DataCatalogText.Fail(FailureKind.Conflict, "datacatalog.not_submitted");
        }

        var latest = await LatestAsync(resource, ct);
        if (!returning && latest.SubmittedBy == actor.Subject)
        {
            return DataCatalogText.Fail(FailureKind.Forbidden, "datacatalog.own_submission");
        }

        return (resource, latest);
    }

    private Task<ResourceVersion> LatestAsync(DataResource resource, CancellationToken ct) =>
        db.Versions.SingleAsync(v => v.ResourceId == resource.Id && v.VersionNo == resource.LatestVersion, ct);

    private async Task<Outcome<ResourceMetadata>> CheckAsync(ResourceInput input, OrgDepartment provider, DataResource? resource, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var metadata = ResourceValidator.Check(input, provider, errors);
        if (metadata != null && resource?.Code != null && metadata.Classification != resource.Classification)
        {
            errors.Add("classification", DataCatalogText.T("datacatalog.classification_fixed", resource.Classification));
        }

        if (metadata != null && await UnknownRelatedAsync(metadata.RelatedCodes, resource, ct) is { } unknown)
        {
            errors.Add("relatedCodes", DataCatalogText.T("datacatalog.related_unknown", unknown));
        }

        return errors.IsValid ? metadata! : DataCatalogText.Invalid(errors);
    }

    /// <summary>The first related code that names no other resource of the catalogue (codes exist once allocated).</summary>
    private async Task<string?> UnknownRelatedAsync(IReadOnlyList<string> codes, DataResource? self, CancellationToken ct)
    {
        if (codes.Count == 0)
        {
            return null;
        }

        var known = await db.Resources.Where(r => r.Code != null && codes.Contains(r.Code)).Select(r => new { r.Id, r.Code }).ToListAsync(ct);
        return codes.FirstOrDefault(c => !known.Any(k => k.Code == c && k.Id != self?.Id));
    }

    private async Task AuditAsync(PlatformPrincipal actor, string action, DataResource resource, int version, DateTimeOffset now, CancellationToken ct)
    {
        var target = resource.Code ?? resource.Id.ToString(CultureInfo.InvariantCulture);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(CultureInfo.InvariantCulture), "datacatalog.resource." + action,
            "data_resource", target, $"Data resource {target} version {version} {action}"), now, ct);
    }
}

/// <summary>Allocates 顺序码 per classification: one upsert on a counter row, in the caller's transaction, so two
/// submissions never get the same number (the unique index on the code is the last guard).</summary>
public static class CodeAllocator
{
    public static async Task<string> NextAsync(DataCatalogDbContext db, string classification, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO datacatalog_code_sequences (classification, last_no) VALUES ({classification}, 1)
            ON CONFLICT (classification) DO UPDATE SET last_no = datacatalog_code_sequences.last_no + 1
            RETURNING last_no AS "Value"
            """).ToListAsync(ct);
        return Format(classification, next[0]);
    }

    /// <summary>Moves the counter to at least <paramref name="number"/> (built-in resources take fixed codes).</summary>
    public static Task ReserveAsync(DataCatalogDbContext db, string classification, int number, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO datacatalog_code_sequences (classification, last_no) VALUES ({classification}, {number})
            ON CONFLICT (classification) DO UPDATE SET last_no = CASE WHEN datacatalog_code_sequences.last_no < excluded.last_no
                THEN excluded.last_no ELSE datacatalog_code_sequences.last_no END
            """, ct);

    public static string Format(string classification, int number) => classification + "/" + number.ToString("D6", CultureInfo.InvariantCulture);
}
