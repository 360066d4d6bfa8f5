namespace OneWindow.Halls.Domain;

/// <summary>A service hall (政务服务大厅) of one GB/T 2260 division, where items that need a visit are handled at windows.</summary>
public sealed class Hall
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string Address { get; set; } = "";

    /// <summary>The division the hall serves; staff scopes are checked against it.</summary>
    public string RegionCode { get; set; } = "";

    public string Phone { get; set; } = "";

    /// <summary>Opening hours as shown to the public (工作日 9:00-12:00, 13:30-17:00).</summary>
    public string Hours { get; set; } = "";

    public bool Active { get; set; } = true;
}
