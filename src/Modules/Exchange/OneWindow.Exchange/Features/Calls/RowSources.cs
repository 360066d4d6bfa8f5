using System.Globalization;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Registry;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Calls;

/// <summary>One row as a source gives it, before the grant projects and masks it. <paramref name="SubjectIndex"/> is
/// the blind index of the row's subject (for the log); <paramref name="RegionCode"/> serves region-scoped grants.</summary>
internal sealed record SourceRow(IReadOnlyDictionary<string, string?> Values, string? SubjectIndex, string? RegionCode);

/// <summary>A page of rows and the cursor of the next page (opaque to the caller: the table source's keyset cursor or the
/// provider system's own), null on the last page.</summary>
internal sealed record SourcePage(IReadOnlyList<SourceRow> Rows, string? NextCursor);

/// <summary>A checked query: subjects named by the caller, filters on granted items, the grant's division (rows of that
/// division and below only; null: no region limit), the keyset position, the page size.</summary>
internal sealed record RowQuery(SharedResource Resource, IReadOnlyList<string> Subjects, IReadOnlyList<RowFilter> Filters, string? Region, string? After, int PageSize)
{
    public bool InRegion(string? rowRegion) => Region == null || (rowRegion != null && OneWindow.Shared.Security.RegionCodes.Contains(Region, rowRegion));
}

internal sealed record RowFilter(string Item, string Op, string Value);

/// <summary>Where a resource's rows come from (<see cref="ResourceHoldings"/>).</summary>
internal interface IRowSource
{
    string Holding { get; }

    /// <summary>False for the registries and the licence library: they answer about named subjects only, they are not a
    /// search service (the same rule IBaseRegistry states).</summary>
    bool Searchable { get; }

    Task<SourcePage> ReadAsync(RowQuery query, CancellationToken ct);
}

/// <summary>人口库 and 法人库 golden records through IBaseRegistry: one row per named subject the registry holds.</summary>
internal sealed class RegistryRowSource(IBaseRegistry registry, SubjectIndex index, bool persons) : IRowSource
{
    public string Holding => persons ? ResourceHoldings.PersonRegistry : ResourceHoldings.LegalPersonRegistry;

    public bool Searchable => false;

    public async Task<SourcePage> ReadAsync(RowQuery query, CancellationToken ct)
    {
        var rows = new List<SourceRow>();
        foreach (var code in query.Subjects)
        {
            var record = persons ? await registry.PersonAsync(code, ct) : await registry.LegalPersonAsync(code, ct);
            if (record == null)
            {
                continue;
            }

            var values = record.Fields.ToDictionary(f => f.Key, f => (string?)f.Value.Value, StringComparer.Ordinal);
            values[persons ? "idNumber" : "creditCode"] = record.Code;
            var region = record.Value(persons ? "householdRegion" : "regionCode");
            if (!query.InRegion(region))
            {
                continue;
            }

            rows.Add(new SourceRow(values, index.Of(record.Code), region));
        }

        return new SourcePage(rows, null);
    }
}

/// <summary>The e-licence library: every licence valid today of each named holder (ILicenceLibrary.HeldAsync checks
/// signatures, revocation and validity).</summary>
internal sealed class LicenceRowSource(ILicenceLibrary licences, SubjectIndex index) : IRowSource
{
    public string Holding => ResourceHoldings.LicenceLibrary;

    public bool Searchable => false;

    public async Task<SourcePage> ReadAsync(RowQuery query, CancellationToken ct)
    {
        var rows = new List<SourceRow>();
        foreach (var holder in query.Subjects)
        {
            foreach (var licence in await licences.HeldAsync(holder, null, ct))
            {
                var values = new Dictionary<string, string?>(licence.Data.ToDictionary(d => d.Key, d => (string?)d.Value), StringComparer.Ordinal)
                {
                    ["identifier"] = licence.Identifier,
                    ["typeCode"] = licence.TypeCode,
                    ["typeName"] = licence.TypeName,
                    ["number"] = licence.Number,
                    ["holderName"] = licence.HolderName,
                    ["holderCode"] = licence.HolderCode,
                    ["issuerName"] = licence.IssuerName,
                    ["issuedOn"] = Date(licence.IssuedOn),
                    ["validFrom"] = Date(licence.ValidFrom),
                    ["validUntil"] = licence.ValidUntil is { } until ? Date(until) : null,
                };
                rows.Add(new SourceRow(values, index.Of(licence.HolderCode), null));
            }
        }

        return new SourcePage(rows, null);
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
