using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Enterprises;
using OneWindow.Identity.Features.Staff;
using OneWindow.Identity.Protection;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Demo;
using OneWindow.Shared.Startup;

namespace OneWindow.Identity.Features.Citizens;

/// <summary>
/// Demo applicants (password <see cref="DemoStaff.Password"/>), real-name verified, so a user of the demo can try
/// certificate-free service (免证办): the base registries and the licence library hold records for the same ID
/// numbers and credit code (docs/certificate-free.md). Seeded only with the demo catalogue, like the demo staff.
/// </summary>
public static class DemoCitizens
{
    public sealed record Person(string Name, string IdNumber, string Phone);

    public static readonly IReadOnlyList<Person> People =
    [
        new(DemoApplicants.ZhangXiaoming.Name, DemoApplicants.ZhangXiaomingId, "13800000001"),
        new(DemoApplicants.LiMei.Name, DemoApplicants.LiMeiId, "13800000002"),
    ];

    /// <summary>The enterprise 张晓明 represents (法定代表人).</summary>
    public static readonly string EnterpriseName = DemoApplicants.Mingyuan.Name;
    public const string EnterpriseCreditCode = DemoApplicants.MingyuanCreditCode;
}

/// <summary>Adds the missing demo citizens and their enterprise at start (after the demo staff). A database lock and
/// the blind-index check make a second node or start add nothing.</summary>
public sealed class DemoCitizenSeeder(
    IdentityDbContext db, IdentityProtector protector, IPasswordHasher<IHasCredentials> hasher, EnterpriseRegistration enterprises,
    StaffDemoOptions options, TimeProvider clock, ILogger<DemoCitizenSeeder> logger) : IStartupTask
{
    public string Name => "identity.demo-citizens";

    public IReadOnlyCollection<string> After => ["catalog.seed", "identity.demo-staff"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        Citizen? representative = null;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4242003)", cancellationToken);
            }

            var indexes = DemoCitizens.People.ToDictionary(p => protector.CitizenIdNumberIndex(p.IdNumber, today)!, p => p);
            var existing = await db.Citizens.Where(c => indexes.Keys.Contains(c.IdNumberIndex)).ToListAsync(cancellationToken);
            var added = new List<Citizen>();
            foreach (var (index, person) in indexes.Where(i => existing.All(c => c.IdNumberIndex != i.Key)))
            {
                var citizen = new Citizen
                {
                    Name = person.Name,
                    IdNumberCipher = protector.Encrypt(person.IdNumber, ProtectedFields.CitizenIdNumber),
                    IdNumberIndex = index,
                    IdNumberMasked = CitizenIdNumber.Mask(person.IdNumber),
                    PhoneCipher = protector.Encrypt(person.Phone, ProtectedFields.CitizenPhone),
                    PhoneMasked = CitizenRegistration.MaskPhone(person.Phone),
                    PhoneVerifiedAt = now,
                    PasswordHash = "",
                    AssuranceLevel = AssuranceLevel.IdVerified,
                    AssuranceChangedAt = now,
                    CreatedAt = now,
                };
                citizen.PasswordHash = hasher.HashPassword(citizen, DemoStaff.Password);
                db.Citizens.Add(citizen);
                added.Add(citizen);
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var citizen in added)
            {
                await AuditLog.AppendAsync(db, new AuditRecord("system", null, "identity.citizen.demo_seeded", "citizen",
                    citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "演示申请人账号 / demo applicant account"), now, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            var representativeIndex = indexes.First(i => i.Value == DemoCitizens.People[0]).Key;
            representative = existing.Concat(added).First(c => c.IdNumberIndex == representativeIndex);
            if (added.Count > 0)
            {
                logger.LogInformation("Seeded {Count} demo citizens", added.Count);
            }
        }

        if (!await db.Enterprises.AnyAsync(e => e.CreditCode == DemoCitizens.EnterpriseCreditCode, cancellationToken))
        {
            // A racing node gets a conflict outcome here, which is fine: the enterprise exists.
            await enterprises.RegisterAsync(new EnterpriseRegistrationRequest(DemoCitizens.EnterpriseName, DemoCitizens.EnterpriseCreditCode, representative.Name, false, null),
                "system", actorIsPlatformAdmin: false, cancellationToken, representative);
        }
    }
}
