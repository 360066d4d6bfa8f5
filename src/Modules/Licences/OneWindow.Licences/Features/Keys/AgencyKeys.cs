using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Signing;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Data;
using OneWindow.Shared.Organisation;

namespace OneWindow.Licences.Features.Keys;

/// <summary>An agency's current signing key with its private half decrypted, ready to sign.</summary>
public sealed record SigningMaterial(IssuingAgency Agency, string KeyId, byte[] PrivateKey);

/// <summary>
/// Issuing agencies and their SM2 keys. Reads go through the module's own context; creating a missing agency or key
/// can go through any context (the caller's, inside its transaction) with plain SQL, so issuing inside a case's
/// transaction never needs a second writer (SQLite allows one).
/// </summary>
public sealed class AgencyKeys(LicencesDbContext db, KeyProtector protector, IOrganisationDirectory organisation)
{
    /// <summary>A valid government-agency credit code (category 11) for a department without one: region + 00 + id.</summary>
    public static string DemoAgencyCode(long departmentId, string regionCode) =>
        UnifiedSocialCreditCode.Compose('1', '1', regionCode, "00" + (departmentId % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));

    public static string NewKeyId(DateTimeOffset now) =>
        "K" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));

    /// <summary>The department's agency and current key, created through <paramref name="writer"/> when missing.
    /// Null when the department does not exist.</summary>
    public async Task<SigningMaterial?> CurrentAsync(DbContext writer, long departmentId, DateTimeOffset now, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.DepartmentId == departmentId, ct);
        if (agency == null)
        {
            var department = await organisation.DepartmentAsync(departmentId, ct);
            if (department == null)
            {
                return null;
            }

            agency = new IssuingAgency { DepartmentId = departmentId, AgencyCode = DemoAgencyCode(departmentId, department.RegionCode), Name = department.Name, RegionCode = department.RegionCode, UpdatedAt = now };
            await using var insert = await RawSql.CommandAsync(writer,
                "INSERT INTO licences_agencies (department_id, agency_code, name, region_code, updated_at) VALUES (@p0, @p1, @p2, @p3, @p4)",
                [agency.DepartmentId, agency.AgencyCode, agency.Name, agency.RegionCode, RawSql.Time(writer, now)], ct);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var key = await db.Keys.AsNoTracking().FirstOrDefaultAsync(k => k.DepartmentId == departmentId && k.RetiredAt == null, ct);
        if (key != null)
        {
            return new SigningMaterial(agency, key.KeyId, protector.Unprotect(key.PrivateKeyProtected, key.KeyId));
        }

        var (keyId, privateKey) = await CreateKeyAsync(writer, agency, now, ct);
        return new SigningMaterial(agency, keyId, privateKey);
    }

    /// <summary>Inserts a new current key for the agency (the caller retires the old one first).</summary>
    public async Task<(string KeyId, byte[] PrivateKey)> CreateKeyAsync(DbContext writer, IssuingAgency agency, DateTimeOffset now, CancellationToken ct)
    {
        var (publicKey, privateKey) = Sm2.NewKeyPair();
        var keyId = NewKeyId(now);
        await using var command = await RawSql.CommandAsync(writer,
            "INSERT INTO licences_keys (key_id, department_id, agency_code, public_key, private_key_protected, created_at, retired_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)",
            [keyId, agency.DepartmentId, agency.AgencyCode, Convert.ToBase64String(publicKey), protector.Protect(privateKey, keyId), RawSql.Time(writer, now),
                new TypedValue(null, IsPostgres(writer) ? System.Data.DbType.DateTimeOffset : System.Data.DbType.Int64)], ct);
        await command.ExecuteNonQueryAsync(ct);
        return (keyId, privateKey);
    }

    /// <summary>Public keys by key id, for verification (current and retired).</summary>
    public async Task<Dictionary<string, SigningKey>> PublicKeysAsync(IEnumerable<string> keyIds, CancellationToken ct)
    {
        var ids = keyIds.Distinct(StringComparer.Ordinal).ToList();
        return await db.Keys.AsNoTracking().Where(k => ids.Contains(k.KeyId)).ToDictionaryAsync(k => k.KeyId, StringComparer.Ordinal, ct);
    }

    private static bool IsPostgres(DbContext context) => RawSql.IsPostgres(context);
}
