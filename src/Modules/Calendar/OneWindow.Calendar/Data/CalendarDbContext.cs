using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Calendar.Data;

/// <summary>The calendar module's tables (prefix calendar_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it on both providers.</summary>
public sealed class CalendarDbContext(DbContextOptions<CalendarDbContext> options) : DbContext(options)
{
    public const int MaxNameLength = 50;

    public DbSet<CalendarDay> Days => Set<CalendarDay>();

    public DbSet<CalendarYear> Years => Set<CalendarYear>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        modelBuilder.Entity<CalendarDay>(e =>
        {
            e.ToTable("Days", t => t.HasCheckConstraint("ck_calendar_days_kind", "kind IN ('holiday', 'workday')"));
            e.HasKey(x => x.Date);
            e.Property(x => x.Date).ValueGeneratedNever();
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(MaxNameLength);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
        });

        modelBuilder.Entity<CalendarYear>(e =>
        {
            e.ToTable("Years");
            e.HasKey(x => x.Year);
            e.Property(x => x.Year).ValueGeneratedNever();
            e.Property(x => x.Source).HasMaxLength(16);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
        });

        if (!postgres)
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "calendar_");
    }
}
