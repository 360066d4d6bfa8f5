using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Features.Keys;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Startup;

namespace OneWindow.Licences.Features.Seeding;

/// <summary>
/// Reference data, seeded on every start whatever the demo setting (issuing needs it): the licence types of
/// Reference/licence-types.json that are missing, and an issuing agency with a current SM2 key for every department
/// that has none. Runs after the catalogue seeded the departments.
/// </summary>
public sealed class LicenceReferenceSeeder(LicencesDbContext db, AgencyKeys keys, IOrganisationDirectory organisation, TimeProvider clock,
    ILogger<LicenceReferenceSeeder> logger) : IStartupTask
{
    public string Name => "licences.reference";

    public IReadOnlyCollection<string> After => ["catalog.seed"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var known = (await db.Types.Select(t => t.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var missing = LoadTypes().Where(t => !known.Contains(t.Name)).ToList();
        if (missing.Count > 0)
        {
            db.Types.AddRange(missing);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Seeded {Count} licence types", missing.Count);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another node seeded them at the same moment
            }
        }

        var now = clock.GetUtcNow();
        var withKeys = (await db.Keys.Where(k => k.RetiredAt == null).Select(k => k.DepartmentId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var department in await organisation.DepartmentsAsync(cancellationToken))
        {
            if (withKeys.Contains(department.Id))
            {
                continue;
            }

            try
            {
                await keys.CurrentAsync(db, department.Id, now, cancellationToken);
            }
            catch (DbException)
            {
                // Another node created this agency or key at the same moment.
            }
        }
    }

    /// <summary>The embedded reference list (see its "source" member).</summary>
    public static IReadOnlyList<LicenceType> LoadTypes()
    {
        using var stream = typeof(LicenceReferenceSeeder).Assembly.GetManifestResourceStream("OneWindow.Licences.Reference.licence-types.json")
            ?? throw new InvalidOperationException("licence-types.json is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var definers = doc.RootElement.GetProperty("definers").EnumerateArray().ToDictionary(
            d => d.GetProperty("key").GetString()!,
            d => (Name: d.GetProperty("name").GetString()!, Code: UnifiedSocialCreditCode.Compose('1', '1', "100000", d.GetProperty("orgBody").GetString()!)));
        return doc.RootElement.GetProperty("types").EnumerateArray().Select(t =>
        {
            var definer = definers[t.GetProperty("definer").GetString()!];
            var years = t.GetProperty("validityYears");
            return new LicenceType
            {
                Code = definer.Code + t.GetProperty("suffix").GetString(),
                Name = t.GetProperty("name").GetString()!,
                NameEn = t.GetProperty("nameEn").GetString()!,
                DefinerName = definer.Name,
                DefinerCode = definer.Code,
                HolderKind = t.GetProperty("holderKind").GetString()!,
                ValidityYears = years.ValueKind == JsonValueKind.Null ? null : years.GetInt32(),
                FieldsJson = t.GetProperty("fields").GetRawText(),
            };
        }).ToList();
    }
}
