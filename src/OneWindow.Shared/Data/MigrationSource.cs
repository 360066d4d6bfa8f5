using System.Reflection;

namespace OneWindow.Shared.Data;

/// <summary>
/// A module's versioned SQL scripts: embedded resources named <c>Migrations/{sqlite|postgres}/NNNN_name.sql</c>
/// in the module's assembly. The number orders them; once applied a script never changes (its checksum is kept).
/// </summary>
public sealed record MigrationSource(string Module, Assembly Assembly)
{
    public IReadOnlyList<MigrationScript> Scripts(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.Postgres ? ".Migrations.postgres." : ".Migrations.sqlite.";
        var scripts = new List<MigrationScript>();
        foreach (var resource in Assembly.GetManifestResourceNames())
        {
            var at = resource.IndexOf(folder, StringComparison.Ordinal);
            if (at < 0 || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[(at + folder.Length)..^".sql".Length];
            var underscore = fileName.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(fileName[..underscore].TrimStart('_'), out var version))
            {
                throw new InvalidOperationException($"Migration script '{resource}' must be named NNNN_description.sql.");
            }

            using var stream = Assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(Module, version, fileName[(underscore + 1)..], reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Module '{Module}' has two migrations numbered {scripts[i].Version}.");
            }
        }

        return scripts;
    }
}

public sealed record MigrationScript(string Module, int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}
