namespace OneWindow.Registry;

/// <summary>Registry settings (section Registry).</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>The division whose registries these are (合肥市 by default): data_admin and supervisor staff reach the
    /// registry when their region holds it.</summary>
    public string RegionCode { get; set; } = "340100";

    /// <summary>Demo persons and enterprise (set from Catalog:Seed:DemoData).</summary>
    public bool DemoData { get; set; }
}
