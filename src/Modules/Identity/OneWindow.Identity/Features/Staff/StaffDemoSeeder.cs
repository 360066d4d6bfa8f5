using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Startup;

namespace OneWindow.Identity.Features.Staff;

/// <summary>Whether to seed <see cref="DemoStaff"/>: follows Catalog:Seed:DemoData, never on otherwise.</summary>
public sealed record StaffDemoOptions(bool Enabled);

/// <summary>
/// Adds the demo staff accounts that are missing, after the catalogue has seeded its departments (it names
/// catalog.seed in After). Runs on every node at every start: a database lock and the per-name check make a second start,
/// or a second node, add nothing. An account whose department is not there (a database that had its own departments
/// before demo data was switched on) is skipped.
/// </summary>
public sealed class StaffDemoSeeder(
    IdentityDbContext db, StaffAdministration administration, IOrganisationDirectory directory, IPasswordHasher<IHasCredentials> hasher,
    StaffDemoOptions options, ILogger<StaffDemoSeeder> logger) : IStartupTask
{
    public string Name => "identity.demo-staff";

    public IReadOnlyCollection<string> After => ["catalog.seed"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        // Departments come from the catalogue's own connection; read them before taking the write lock here.
        var departments = (await directory.DepartmentsAsync(cancellationToken)).ToDictionary(d => d.Key, StringComparer.Ordinal);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4242002)", cancellationToken);
        }

        var names = DemoStaff.Accounts.Select(a => a.UserName).ToList();
        var existing = await db.Staff.Where(s => names.Contains(s.UserName)).Select(s => s.UserName).ToListAsync(cancellationToken);
        var missing = DemoStaff.Accounts.Where(a => !existing.Contains(a.UserName) && departments.ContainsKey(a.DepartmentKey)).ToList();
        if (missing.Count > 0)
        {
            // One hash for all: the same demo password, and hashing is the slow part of a start-up.
            var hash = hasher.HashPassword(null!, DemoStaff.Password);
            foreach (var account in missing)
            {
                var staff = StaffAdministration.NewMember(account.UserName, account.DisplayName, departments[account.DepartmentKey].Id, account.RegionCode);
                staff.PasswordHash = hash;
                await administration.AddAsync(staff, [account.Role], StaffActor.System, cancellationToken);
            }

            logger.LogInformation("Seeded {Count} demo staff accounts", missing.Count);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
