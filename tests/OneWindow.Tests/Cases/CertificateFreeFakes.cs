using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Registry;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>An in-memory population / legal-person registry (人口库, 法人库) until the registry module lands: golden
/// records by code, every field from one named source.</summary>
public sealed class FakeBaseRegistry : IBaseRegistry
{
    public const string HukouSource = "市公安局户籍系统";

    private readonly ConcurrentDictionary<string, RegistryRecord> records = new();

    public void AddPerson(string idNumber, IReadOnlyDictionary<string, string> fields) =>
        records[idNumber] = new RegistryRecord(RegistryRecord.Person, idNumber,
            fields.ToDictionary(f => f.Key, f => new RegistryFact(f.Key, f.Value, "ga-hukou", HukouSource, DateTimeOffset.UnixEpoch)));

    public Task<RegistryRecord?> PersonAsync(string citizenIdNumber, CancellationToken ct) =>
        Task.FromResult(records.TryGetValue(citizenIdNumber, out var r) && r.Kind == RegistryRecord.Person ? r : null);

    public Task<RegistryRecord?> LegalPersonAsync(string creditCode, CancellationToken ct) =>
        Task.FromResult(records.TryGetValue(creditCode, out var r) && r.Kind == RegistryRecord.LegalPerson ? r : null);
}

/// <summary>An in-memory e-licence library: licences with a status (valid, revoked, expired…), a holder and a type;
/// issuing checks it runs inside the caller's transaction, records the request and writes nothing. Issuing for a
/// holder code listed in <see cref="FailIssuingFor"/> throws, as a broken library would.</summary>
public sealed class FakeLicenceLibrary : ILicenceLibrary
{
    private readonly ConcurrentDictionary<string, (HeldLicence Licence, string Status)> licences = new();

    public ConcurrentDictionary<string, bool> KnownTypes { get; } = new();

    public ConcurrentDictionary<string, bool> FailIssuingFor { get; } = new();

    public ConcurrentBag<LicenceIssue> Issued { get; } = [];

    /// <summary>Holder code → a required data field the licence type asks of that holder's licences (the key doubles
    /// as its label here), so one test can need data its case does not hold without touching the others.</summary>
    public ConcurrentDictionary<string, string> RequiredFieldFor { get; } = new();

    public HeldLicence Add(string holderCode, string holderName, string typeName, string status = LicenceStatus.Valid, DateOnly? validUntil = null)
    {
        var identifier = "1.2.156.3005.2." + Guid.NewGuid().ToString("N")[..20];
        var licence = new HeldLicence(licences.Count + 1, identifier, "T" + Math.Abs(typeName.GetHashCode(StringComparison.Ordinal)), typeName, "No." + Guid.NewGuid().ToString("N")[..8],
            holderName, holderCode, "合肥市公安局", new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 1), validUntil, new Dictionary<string, string>());
        licences[identifier] = (licence, status);
        return licence;
    }

    public void SetStatus(string identifier, string status) => licences[identifier] = (licences[identifier].Licence, status);

    public Task<bool> TypeExistsAsync(string typeRef, CancellationToken ct) => Task.FromResult(KnownTypes.ContainsKey(typeRef));

    public Task<IReadOnlyList<HeldLicence>> HeldAsync(string holderCode, IReadOnlyCollection<string>? typeRefs, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<HeldLicence>>(licences.Values
            .Where(l => l.Licence.HolderCode == holderCode && Status(l) == LicenceStatus.Valid && (typeRefs == null || typeRefs.Contains(l.Licence.TypeName) || typeRefs.Contains(l.Licence.TypeCode)))
            .Select(l => l.Licence).OrderByDescending(l => l.Id).ToList());

    public Task<LicenceCheck> CheckAsync(string identifier, CancellationToken ct) =>
        Task.FromResult(licences.TryGetValue(identifier, out var l)
            ? new LicenceCheck(Status(l), Status(l) == LicenceStatus.Valid ? "有效 / valid" : $"{Status(l)}", l.Licence)
            : new LicenceCheck(LicenceStatus.NotFound, "查无此证 / not found", null));

    public Task<IReadOnlyList<string>> MissingFieldsAsync(LicenceIssue request, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(RequiredFieldFor.TryGetValue(request.HolderCode, out var key) && !request.Data.ContainsKey(key) ? [key] : []);

    public Task<HeldLicence> IssueWithinAsync(DbContext host, LicenceIssue request, CancellationToken ct)
    {
        if (host.Database.CurrentTransaction == null)
        {
            throw new InvalidOperationException("IssueWithinAsync needs the caller's transaction.");
        }

        if (!KnownTypes.ContainsKey(request.TypeRef))
        {
            throw new ArgumentException("Unknown licence type " + request.TypeRef);
        }

        if (FailIssuingFor.ContainsKey(request.HolderCode))
        {
            throw new InvalidOperationException("The licence library failed.");
        }

        Issued.Add(request);
        return Task.FromResult(new HeldLicence(0, "issued:" + request.TypeRef + ":" + request.SourceReference, "T", request.TypeRef, "R-" + request.SourceReference,
            request.HolderName, request.HolderCode, "issuer " + request.IssuerDepartmentId, request.IssuedOn, request.IssuedOn, null, request.Data));
    }

    private static string Status((HeldLicence Licence, string Status) l) =>
        l.Status == LicenceStatus.Valid && l.Licence.ValidUntil is { } until && until < DateOnly.FromDateTime(DateTime.UtcNow) ? LicenceStatus.Expired : l.Status;
}

/// <summary>Apps with the fake registry and licence library (one per database kind, shared by the certificate-free tests).</summary>
public static class CertificateFreeApps
{
    public static readonly FakeBaseRegistry Registry = new();

    public static readonly FakeLicenceLibrary Library = new();

    private static readonly AppPerDatabase Apps = new(services =>
    {
        services.AddSingleton<IBaseRegistry>(Registry);
        services.AddSingleton<ILicenceLibrary>(Library);
    });

    public static Task<OneWindowApp> GetAsync(DbKind kind) => Apps.GetAsync(kind);
}
