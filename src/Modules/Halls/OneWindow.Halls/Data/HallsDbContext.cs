using Microsoft.EntityFrameworkCore;
using OneWindow.Halls.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Halls.Data;

/// <summary>The halls module's tables (prefix halls_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it on both providers.</summary>
public sealed class HallsDbContext(DbContextOptions<HallsDbContext> options) : DbContext(options)
{
    public DbSet<Hall> Halls => Set<Hall>();

    public DbSet<Slot> Slots => Set<Slot>();

    public DbSet<Booking> Bookings => Set<Booking>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Hall>(e =>
        {
            e.ToTable("Halls");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.Address).HasMaxLength(200);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Hours).HasMaxLength(200);
            // Halls of a division and below (prefix match), and one name per division (keeps demo seeding idempotent).
            e.HasIndex(x => new { x.RegionCode, x.Name }).IsUnique();
        });

        modelBuilder.Entity<Slot>(e =>
        {
            e.ToTable("Slots");
            // Also the index of the hot query "free slots of a hall between dates" (hall_id = ? AND date BETWEEN ? AND ?).
            e.HasIndex(x => new { x.HallId, x.Date, x.StartsAt }).IsUnique();
            e.HasOne<Hall>().WithMany().HasForeignKey(x => x.HallId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Booking>(e =>
        {
            e.ToTable("Bookings");
            e.Property(x => x.Code).HasMaxLength(8);
            e.Property(x => x.ApplicantSubject).HasMaxLength(40);
            e.Property(x => x.ItemName).HasMaxLength(200);
            e.Property(x => x.CaseNumber).HasMaxLength(40);
            e.Property(x => x.Status).HasMaxLength(12);
            e.HasIndex(x => x.Code).IsUnique();
            // "My appointments", newest first, keyset on id.
            e.HasIndex(x => new { x.ApplicantSubject, x.Id });
            // One active booking per applicant, item and day, enforced by the database against concurrent requests.
            e.HasIndex(x => new { x.ApplicantSubject, x.ItemId, x.SlotDate }).IsUnique().HasFilter("status = 'booked'")
                .HasDatabaseName("ux_halls_bookings_active_per_day");
            // A hall's bookings of one day (window staff).
            e.HasIndex(x => new { x.HallId, x.SlotDate });
            e.HasIndex(x => x.SlotId);
            e.HasOne<Hall>().WithMany().HasForeignKey(x => x.HallId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        });

        if (!Database.IsNpgsql())
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "halls_");
    }
}
