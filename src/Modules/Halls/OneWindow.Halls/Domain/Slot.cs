namespace OneWindow.Halls.Domain;

/// <summary>A bookable time at a hall on one day (China time), with its seats. <see cref="Booked"/> only changes by a
/// conditional UPDATE, so concurrent bookings never exceed <see cref="Capacity"/>.</summary>
public sealed class Slot
{
    public long Id { get; set; }

    public long HallId { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly StartsAt { get; set; }

    public TimeOnly EndsAt { get; set; }

    public int Capacity { get; set; }

    public int Booked { get; set; }
}
