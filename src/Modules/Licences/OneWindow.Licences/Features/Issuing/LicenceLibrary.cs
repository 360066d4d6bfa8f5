using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Features.Keys;
using OneWindow.Licences.Features.Verification;
using OneWindow.Licences.Signing;
using OneWindow.Shared;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Data;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Licences;

namespace OneWindow.Licences.Features.Issuing;

/// <summary>A field of a licence type.</summary>
public sealed record TypeField(string Key, string Label, string LabelEn, bool Required);

/// <summary>What the import adds to an issue: the department system's own number and dates.</summary>
internal sealed record IssueOverrides(string? Number, DateOnly? ValidFrom, DateOnly? ValidUntil, bool StrictFields);

/// <summary>
/// The e-licence library port (ILicenceLibrary). Issuing signs the canonical content with the issuing agency's current
/// SM2 key and inserts the row with plain SQL on the caller's connection and transaction; the serial is derived from
/// (type, source reference), so issuing is idempotent per that pair (a unique index backs it).
/// </summary>
public sealed class LicenceLibrary(LicencesDbContext db, AgencyKeys keys, LicenceVerifier verifier, TimeProvider clock) : ILicenceLibrary
{
    private static readonly JsonSerializerOptions FieldJson = new(JsonSerializerDefaults.Web);

    public Task<bool> TypeExistsAsync(string typeRef, CancellationToken ct) => db.Types.AnyAsync(t => t.Code == typeRef || t.Name == typeRef, ct);

    public async Task<IReadOnlyList<HeldLicence>> HeldAsync(string holderCode, IReadOnlyCollection<string>? typeRefs, CancellationToken ct)
    {
        var code = holderCode.Trim().ToUpperInvariant();
        var today = ChinaTime.Today(clock);
        var query = db.Licences.AsNoTracking().Where(l => l.HolderCode == code && l.State == LicenceStates.Active && l.ValidFrom <= today);
        if (typeRefs is { Count: > 0 })
        {
            var refs = typeRefs.ToList();
            query = query.Where(l => refs.Contains(l.TypeCode) || refs.Contains(l.TypeName));
        }

        var rows = await query.OrderByDescending(l => l.Id).Take(500).ToListAsync(ct);
        rows = rows.Where(l => l.ValidUntil == null || l.ValidUntil >= today).ToList();
        var keyMap = await keys.PublicKeysAsync(rows.Select(r => r.KeyId), ct);
        return rows.Select(r => verifier.Judge(r, keyMap)).Where(c => c.IsValid).Select(c => c.Licence!).ToList();
    }

    public Task<LicenceCheck> CheckAsync(string identifier, CancellationToken ct) => verifier.ByIdentifierAsync(identifier, ct);

    public Task<HeldLicence> IssueWithinAsync(DbContext host, LicenceIssue request, CancellationToken ct) =>
        IssueAsync(host, request, new IssueOverrides(null, null, null, StrictFields: false), ct);

    internal async Task<HeldLicence> IssueAsync(DbContext host, LicenceIssue request, IssueOverrides overrides, CancellationToken ct)
    {
        RawSql.RequireTransaction(host, "Licences must be issued inside the transaction of the change that grants them.");

        var type = await ResolveTypeAsync(request.TypeRef, ct) ?? throw new ArgumentException($"Unknown licence type '{request.TypeRef}'.", nameof(request));
        var holderCode = (request.HolderCode ?? "").Trim().ToUpperInvariant();
        if (HolderProblem(type, holderCode, request.HolderCodeType, request.IssuedOn) is { } holderProblem)
        {
            throw new ArgumentException(holderProblem, nameof(request));
        }

        var sourceReference = (request.SourceReference ?? "").Trim();
        if (sourceReference.Length is 0 or > 100 || string.IsNullOrWhiteSpace(request.HolderName) || request.HolderName.Length > 200)
        {
            throw new ArgumentException("A source reference (1-100 characters) and the holder's name (1-200) are required.", nameof(request));
        }

        var existing = await FindWithinAsync(host, type.Code, sourceReference, ct);
        if (existing != null)
        {
            return existing;
        }

        var data = Fields(type, request, overrides.StrictFields);
        var now = clock.GetUtcNow();
        var material = await keys.CurrentAsync(host, request.IssuerDepartmentId, now, ct)
            ?? throw new ArgumentException($"Department {request.IssuerDepartmentId} does not exist.", nameof(request));
        var serial = Serial(type.Code, sourceReference);
        var validFrom = overrides.ValidFrom ?? request.IssuedOn;
        var validUntil = overrides.ValidUntil ?? (type.ValidityYears is { } years ? validFrom.AddYears(years).AddDays(-1) : null);
        var licence = new Licence
        {
            Identifier = LicenceIdentifier.Compose(type.Code, material.Agency.AgencyCode, serial),
            TypeCode = type.Code,
            TypeName = type.Name,
            Number = overrides.Number ?? material.Agency.RegionCode + request.IssuedOn.ToString("yyyy", CultureInfo.InvariantCulture) + serial[..8],
            HolderName = request.HolderName.Trim(),
            HolderCode = holderCode,
            HolderCodeType = request.HolderCodeType,
            IssuerDepartmentId = request.IssuerDepartmentId,
            IssuerCode = material.Agency.AgencyCode,
            IssuerName = material.Agency.Name,
            IssuedOn = request.IssuedOn,
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            Jurisdiction = material.Agency.RegionCode,
            DataJson = DataFields.Serialize(data),
            KeyId = material.KeyId,
            SourceReference = sourceReference,
            State = LicenceStates.Active,
            CreatedAt = now,
        };
        licence.Signature = Sm2.Sign(material.PrivateKey, LicenceContent.From(licence).ToCanonicalBytes());
        licence.Id = await RawSql.InsertReturningIdAsync(host,
            "INSERT INTO licences_licences (identifier, type_code, type_name, number, holder_name, holder_code, holder_code_type, issuer_department_id, issuer_code, " +
            "issuer_name, issued_on, valid_from, valid_until, jurisdiction, data_json, key_id, signature, source_reference, state, state_reason, state_changed_at, created_at) " +
            "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21)",
            [licence.Identifier, licence.TypeCode, licence.TypeName, licence.Number, licence.HolderName, licence.HolderCode, licence.HolderCodeType,
                licence.IssuerDepartmentId, licence.IssuerCode, licence.IssuerName, licence.IssuedOn, licence.ValidFrom, new TypedValue(licence.ValidUntil, System.Data.DbType.Date),
                licence.Jurisdiction, licence.DataJson, licence.KeyId, licence.Signature, licence.SourceReference, licence.State, null,
                new TypedValue(null, RawSql.IsPostgres(host) ? System.Data.DbType.DateTimeOffset : System.Data.DbType.Int64), RawSql.Time(host, now)], ct);
        return ToHeld(licence);
    }

    public async Task<LicenceType?> ResolveTypeAsync(string? typeRef, CancellationToken ct)
    {
        var value = (typeRef ?? "").Trim();
        return value.Length == 0 ? null : await db.Types.AsNoTracking().FirstOrDefaultAsync(t => t.Code == value.ToUpperInvariant() || t.Name == value, ct);
    }

    public static IReadOnlyList<TypeField> FieldsOf(LicenceType type) => JsonSerializer.Deserialize<List<TypeField>>(type.FieldsJson, FieldJson) ?? [];

    internal static string? HolderProblem(LicenceType type, string holderCode, string codeType, DateOnly today)
    {
        if (codeType is not (ApplicantProfile.PersonCodeType or ApplicantProfile.EnterpriseCodeType))
        {
            return "持证主体代码类型应为 111（身份证）或 001（统一社会信用代码） (holder code type must be 111 or 001)";
        }

        if (!HolderKinds.Accepts(type.HolderKind, codeType))
        {
            return $"{type.Name}不能颁发给此类持证主体 ({type.NameEn} is not issued to this kind of holder)";
        }

        var valid = codeType == ApplicantProfile.PersonCodeType
            ? CitizenIdNumber.Check(holderCode, today.AddYears(1)).Problem == CitizenIdProblem.None
            : UnifiedSocialCreditCode.IsValid(holderCode);
        return valid ? null : "持证主体代码无效 (holder code is not a valid ID number or credit code)";
    }

    public async Task<IReadOnlyList<string>> MissingFieldsAsync(LicenceIssue request, CancellationToken ct)
    {
        var type = await ResolveTypeAsync(request.TypeRef, ct) ?? throw new ArgumentException($"Unknown licence type '{request.TypeRef}'.", nameof(request));
        var given = request.Data ?? new Dictionary<string, string>();
        return FieldsOf(type)
            .Where(f => f.Required && string.IsNullOrWhiteSpace(given.TryGetValue(f.Key, out var v) ? v : null) && string.IsNullOrEmpty(HolderDefault(f.Key, request)))
            .Select(f => f.Label)
            .ToList();
    }

    /// <summary>Name and ID-number fields default to the holder's own.</summary>
    private static string? HolderDefault(string key, LicenceIssue request) => key switch
    {
        "name" => request.HolderName?.Trim(),
        "idNumber" when request.HolderCodeType == ApplicantProfile.PersonCodeType => request.HolderCode?.Trim().ToUpperInvariant(),
        _ => null,
    };

    /// <summary>The type's fields from the request; name/ID fields default to the holder's. Strict (import): unknown
    /// keys are refused; otherwise dropped. Missing required fields are refused either way.</summary>
    internal static Dictionary<string, string> Fields(LicenceType type, LicenceIssue request, bool strict)
    {
        var fields = FieldsOf(type);
        var given = request.Data ?? new Dictionary<string, string>();
        var unknown = given.Keys.Where(k => fields.All(f => f.Key != k)).ToList();
        if (strict && unknown.Count > 0)
        {
            throw new ArgumentException($"未知的证照字段 (unknown fields): {string.Join(", ", unknown)}");
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = given.TryGetValue(field.Key, out var v) ? v?.Trim() : null;
            if (string.IsNullOrEmpty(value))
            {
                value = HolderDefault(field.Key, request);
            }

            if (string.IsNullOrEmpty(value))
            {
                if (field.Required)
                {
                    throw new ArgumentException($"缺少必填字段 (missing required field): {field.Key} {field.Label}");
                }

                continue;
            }

            data[field.Key] = value.Length > 1000 ? throw new ArgumentException($"字段过长 (field too long): {field.Key}") : value;
        }

        return data;
    }

    /// <summary>13 characters 0-9 A-Z from SHA-256 of (type code, source reference): the same pair gives the same serial.</summary>
    internal static string Serial(string typeCode, string sourceReference)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(typeCode + "\n" + sourceReference));
        var value = new System.Numerics.BigInteger(hash.AsSpan(0, 8), isUnsigned: true);
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var chars = new char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = digits[(int)(value % 36)];
            value /= 36;
        }

        return new string(chars);
    }

    public static HeldLicence ToHeld(Licence l) => new(l.Id, l.Identifier, l.TypeCode, l.TypeName, l.Number, l.HolderName, l.HolderCode, l.IssuerName,
        l.IssuedOn, l.ValidFrom, l.ValidUntil, DataFields.Parse(l.DataJson));

    private static async Task<HeldLicence?> FindWithinAsync(DbContext host, string typeCode, string sourceReference, CancellationToken ct)
    {
        await using var command = await RawSql.CommandAsync(host,
            "SELECT id, identifier, type_code, type_name, number, holder_name, holder_code, issuer_name, issued_on, valid_from, valid_until, data_json " +
            "FROM licences_licences WHERE type_code = @p0 AND source_reference = @p1", [typeCode, sourceReference], ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new HeldLicence(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetString(6), reader.GetString(7), RawSql.ReadDate(reader, 8), RawSql.ReadDate(reader, 9), reader.IsDBNull(10) ? null : RawSql.ReadDate(reader, 10),
            DataFields.Parse(reader.GetString(11)));
    }
}
