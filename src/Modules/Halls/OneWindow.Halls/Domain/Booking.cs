namespace OneWindow.Halls.Domain;

/// <summary>An appointment (预约) of an applicant — a citizen ("citizen:12") or an enterprise an agent acts for
/// ("enterprise:5") — for one catalogue item in one slot. The code is what the applicant shows at the window.</summary>
public sealed class Booking
{
    public long Id { get; set; }

    public string Code { get; set; } = "";

    public long HallId { get; set; }

    public long SlotId { get; set; }

    /// <summary>The slot's day, kept here so "one active booking per applicant, item and day" is a unique index.</summary>
    public DateOnly SlotDate { get; set; }

    public string ApplicantSubject { get; set; } = "";

    public long ItemId { get; set; }

    /// <summary>The item's name when booked (the catalogue may rename it later); saves a catalogue read per row in lists.</summary>
    public string ItemName { get; set; } = "";

    public string? CaseNumber { get; set; }

    public string Status { get; set; } = BookingStatus.Booked;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>booked → cancelled (by the applicant before the slot starts) | attended | no_show (marked by window staff).</summary>
public static class BookingStatus
{
    public const string Booked = "booked";
    public const string Cancelled = "cancelled";
    public const string Attended = "attended";
    public const string NoShow = "no_show";

    public static (string Zh, string En) Title(string status) => status switch
    {
        Booked => ("已预约", "Booked"),
        Cancelled => ("已取消", "Cancelled"),
        Attended => ("已到场", "Attended"),
        NoShow => ("未到场", "No-show"),
        _ => (status, status),
    };
}
