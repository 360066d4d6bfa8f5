using OneWindow.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Halls.Features.Slots;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Startup;

namespace OneWindow.Halls.Features.Seeding;

/// <summary>Whether to seed the demo halls: follows Catalog:Seed:DemoData (on outside production), never on otherwise.</summary>
public sealed record HallsDemoOptions(bool Enabled);

/// <summary>
/// Two demo halls in 合肥 (市政务服务中心 340100, 蜀山区政务服务中心 340104) and their slots for the next 10 working days
/// (09:00–12:00 and 13:30–17:00, 30 minutes, 3 seats). Runs at every start on every node and only adds what is
/// missing, so the demo always has bookable days ahead. Without a working-day calendar yet, weekdays count as working days.
/// </summary>
public sealed class HallsDemoSeeder(HallsDbContext db, SlotGenerator generator, IServiceProvider services, TimeProvider clock,
    HallsDemoOptions options, ILogger<HallsDemoSeeder> logger) : IStartupTask
{
    public const int DemoWorkingDays = 10;

    internal static readonly Hall[] DemoHalls =
    [
        new() { Name = "合肥市政务服务中心", NameEn = "Hefei Government Service Centre", Address = "合肥市蜀山区怀宁路1680号", RegionCode = "340100",
            Phone = "0551-12345", Hours = "工作日 9:00-12:00，13:30-17:00" },
        new() { Name = "蜀山区政务服务中心", NameEn = "Shushan District Government Service Centre", Address = "合肥市蜀山区潜山路100号", RegionCode = "340104",
            Phone = "0551-65123456", Hours = "工作日 9:00-12:00，13:30-17:00" },
    ];

    public string Name => "halls.demo";

    public IReadOnlyCollection<string> After => ["catalog.seed", "calendar.holidays"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4242301)", cancellationToken);
            }

            var existing = await db.Halls.Select(h => h.RegionCode + "|" + h.Name).ToListAsync(cancellationToken);
            var missing = DemoHalls.Where(h => !existing.Contains(h.RegionCode + "|" + h.Name))
                .Select(h => new Hall { Name = h.Name, NameEn = h.NameEn, Address = h.Address, RegionCode = h.RegionCode, Phone = h.Phone, Hours = h.Hours }).ToList();
            db.Halls.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var days = services.GetService<IWorkingCalendar>() is { } calendar ? await calendar.CurrentAsync(cancellationToken) : WorkingDays.WeekdaysOnly;
        var from = HallClock.Now(clock).Today.AddDays(1);
        var plan = new SlotPlan(from, days.AddWorkingDays(from.AddDays(-1), DemoWorkingDays),
            [(new TimeOnly(9, 0), new TimeOnly(12, 0)), (new TimeOnly(13, 30), new TimeOnly(17, 0))], 30, 3);
        var names = DemoHalls.Select(h => h.Name).ToList();
        foreach (var hallId in await db.Halls.Where(h => names.Contains(h.Name)).Select(h => h.Id).ToListAsync(cancellationToken))
        {
            try
            {
                var result = await generator.WriteAsync(hallId, plan, days, cancellationToken);
                if (result.Created > 0)
                {
                    logger.LogInformation("Seeded {Count} demo slots for hall {Hall}", result.Created, hallId);
                }
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                logger.LogInformation("Demo slots for hall {Hall} were added by another node", hallId);
            }
        }
    }
}
