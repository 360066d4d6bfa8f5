using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OneWindow.Shared.Data;

/// <summary>
/// SQLite has no date type and EF cannot compare or order DateTimeOffset stored as text, so on SQLite every
/// DateTimeOffset column holds UTC ticks (an INTEGER that sorts in time order). The audit log's raw INSERTs write the
/// same form. PostgreSQL keeps timestamptz.
/// </summary>
public static class SqliteDateTimes
{
    private static readonly ValueConverter<DateTimeOffset, long> UtcTicks =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    public static void StoreAsUtcTicks(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
            {
                property.SetValueConverter(UtcTicks);
            }
        }
    }
}
