using Microsoft.EntityFrameworkCore;
using OneWindow.DataCatalog.Data;
using OneWindow.DataCatalog.Domain;
using OneWindow.DataCatalog.Features.Editing;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Shared.Versions;

namespace OneWindow.DataCatalog.Features.Reading;

/// <summary>One version of a resource as readers see it.</summary>
public sealed record ResourceView(long Id, string? Code, int Version, string State, DateOnly? PublishedOn, ResourceMetadata Metadata,
    int LatestVersion, string LatestState, int? PublishedVersion, string? ReturnReason, string? SubmittedBy)
{
    public string Key => Code != null ? DataResourceCodes.ToUrl(Code) : Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record VersionSummary(int Version, string State, string Name, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? ReviewedAt,
    DateOnly? PublishedOn, string? ReturnReason);

public sealed record ResourceDiff(string Key, int From, int To, IReadOnlyList<FieldChange> Changes);

/// <summary>Reads resources and their versions. Published and superseded versions are for every reader (staff and
/// department systems); drafts, submitted and returned versions only for the resource's editors and reviewers, and a
/// resource never published is hidden (404) from everyone else.</summary>
public sealed class ResourceReader(DataCatalogDbContext db, ResourceEditor editor)
{
    /// <summary>The published version (or <paramref name="version"/>); for editors and reviewers without a published
    /// version, the latest.</summary>
    public async Task<Outcome<ResourceView>> GetAsync(string key, int? version, PlatformPrincipal reader, CancellationToken ct)
    {
        var (resource, insider) = await VisibleAsync(key, reader, ct);
        if (resource == null)
        {
            return DataCatalogText.Fail(FailureKind.NotFound, "datacatalog.not_found");
        }

        var number = version ?? resource.PublishedVersion ?? resource.LatestVersion;
        var row = await db.Versions.AsNoTracking().FirstOrDefaultAsync(v => v.ResourceId == resource.Id && v.VersionNo == number, ct);
        if (row == null || (!insider && row.State is not (VersionStates.Published or VersionStates.Superseded)))
        {
            return DataCatalogText.Fail(FailureKind.NotFound, "datacatalog.version_not_found");
        }

        return View(resource, row);
    }

    public async Task<Outcome<IReadOnlyList<VersionSummary>>> VersionsAsync(string key, PlatformPrincipal reader, CancellationToken ct)
    {
        var (resource, insider) = await VisibleAsync(key, reader, ct);
        if (resource == null)
        {
            return DataCatalogText.Fail(FailureKind.NotFound, "datacatalog.not_found");
        }

        var rows = await db.Versions.AsNoTracking().Where(v => v.ResourceId == resource.Id).OrderByDescending(v => v.VersionNo).ToListAsync(ct);
        return rows.Where(v => insider || v.State is VersionStates.Published or VersionStates.Superseded)
            .Select(v => new VersionSummary(v.VersionNo, v.State, ResourceMetadata.FromJson(v.Document).Name, v.CreatedAt, v.SubmittedAt, v.ReviewedAt, v.PublishedOn,
                insider ? v.ReturnReason : null))
            .ToList();
    }

    /// <summary>Field-by-field difference between two versions (default: the previous and the latest visible).</summary>
    public async Task<Outcome<ResourceDiff>> DiffAsync(string key, int? from, int? to, PlatformPrincipal reader, CancellationToken ct)
    {
        var versions = await VersionsAsync(key, reader, ct);
        if (versions.Failure is { } failure)
        {
            return failure;
        }

        var list = versions.Value!;
        var right = to ?? list[0].Version;
        var left = from ?? (list.Count > 1 ? list[1].Version : right);
        if (!list.Any(v => v.Version == left) || !list.Any(v => v.Version == right))
        {
            return DataCatalogText.Invalid(list.Any(v => v.Version == left) ? "to" : "from", "datacatalog.version_unknown");
        }

        var resource = (await editor.FindAsync(key, ct))!;
        var documents = await db.Versions.AsNoTracking().Where(v => v.ResourceId == resource.Id && (v.VersionNo == left || v.VersionNo == right))
            .ToDictionaryAsync(v => v.VersionNo, v => ResourceMetadata.FromJson(v.Document), ct);
        var key2 = resource.Code != null ? DataResourceCodes.ToUrl(resource.Code) : key;
        return new ResourceDiff(key2, left, right, FieldDiff.Compare(documents[left], documents[right], ResourceMetadata.JsonOptions));
    }

    /// <summary>The resource and whether the reader sees its unpublished versions; null resource when hidden.</summary>
    private async Task<(DataResource? Resource, bool Insider)> VisibleAsync(string key, PlatformPrincipal reader, CancellationToken ct)
    {
        var resource = await editor.FindAsync(key, ct);
        if (resource == null)
        {
            return (null, false);
        }

        var insider = DataCatalogAccess.MayEdit(reader, resource.ProviderDepartmentId, resource.ProviderRegion)
            || DataCatalogAccess.MayReview(reader, resource.ProviderDepartmentId, resource.ProviderRegion);
        return insider || resource.PublishedVersion != null ? (resource, insider) : (null, false);
    }

    /// <summary>The resources an editor or reviewer reaches (newest first, at most <paramref name="limit"/>): the own
    /// department's for department admins and systems, the division's and below for data admins, all for platform admins.</summary>
    public async Task<IReadOnlyList<DataResource>> WithinReachAsync(PlatformPrincipal staff, int limit, CancellationToken ct)
    {
        var query = db.Resources.AsNoTracking();
        if (!staff.Roles.Contains(StaffRoles.PlatformAdmin))
        {
            var department = staff.Roles.Contains(StaffRoles.DepartmentAdmin) || staff.IsClient ? staff.DepartmentId ?? -1 : -1;
            var prefix = staff.Roles.Contains(StaffRoles.DataAdmin) && staff.RegionCode is { Length: 6 } region ? RegionCodes.Prefix(region) : null;
            query = prefix != null
                ? query.Where(r => r.ProviderDepartmentId == department || r.ProviderRegion.StartsWith(prefix))
                : query.Where(r => r.ProviderDepartmentId == department);
        }

        var rows = await query.OrderByDescending(r => r.Id).Take(limit).ToListAsync(ct);
        return rows.Where(r => DataCatalogAccess.MayEdit(staff, r.ProviderDepartmentId, r.ProviderRegion)
            || DataCatalogAccess.MayReview(staff, r.ProviderDepartmentId, r.ProviderRegion)).ToList();
    }

    /// <summary>The latest version of a resource the caller edits or reviews.</summary>
    public async Task<ResourceView?> LatestAsync(long id, PlatformPrincipal staff, CancellationToken ct)
    {
        var result = await GetAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, staff, ct);
        if (result.Value is not { } view)
        {
            return null;
        }

        return view.Version == view.LatestVersion ? view : (await GetAsync(view.Key, view.LatestVersion, staff, ct)).Value;
    }

    public static ResourceView View(DataResource resource, ResourceVersion row) => new(resource.Id, resource.Code, row.VersionNo, row.State, row.PublishedOn,
        ResourceMetadata.FromJson(row.Document), resource.LatestVersion, resource.LatestState, resource.PublishedVersion, row.ReturnReason, row.SubmittedBy);
}
