namespace OneWindow.Oidc.Clients;

/// <summary>The catalogue's departments as the OIDC module needs them (the host adapts the catalogue's public reader,
/// so this module reads no catalogue table).</summary>
public interface IDepartmentDirectory
{
    /// <summary>The catalogue department id of a department key (e.g. "ga"), or null when there is none.</summary>
    Task<long?> FindIdAsync(string departmentKey, CancellationToken ct);
}
