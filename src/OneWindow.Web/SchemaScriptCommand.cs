using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Data;
using OneWindow.Catalog.Data;
using OneWindow.Shared.Data;

namespace OneWindow.Web;

/// <summary>
/// `dotnet run --project src/OneWindow.Web -- schema-script sqlite|postgres` prints the CREATE script EF would
/// make from the current model: the starting point for a new migration script (see docs/ARCHITECTURE.md).
/// </summary>
internal static class SchemaScriptCommand
{
    public static int Run(string[] args)
    {
        var provider = args.Length > 1 ? args[1] : "sqlite";
        var settings = new DatabaseSettings(provider == "postgres" ? "Host=localhost;Database=unused" : "Data Source=:memory:");
        using var catalog = new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>().UseOneWindowDatabase(settings).Options);
        Console.WriteLine(catalog.Database.GenerateCreateScript());
        using var audit = new AuditDbContext(new DbContextOptionsBuilder<AuditDbContext>().UseOneWindowDatabase(settings).Options);
        Console.WriteLine(audit.Database.GenerateCreateScript());
        return 0;
    }
}
