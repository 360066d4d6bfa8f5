using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Data;
using OneWindow.Cases.Data;
using OneWindow.Calendar.Data;
using OneWindow.Catalog.Data;
using OneWindow.Files.Data;
using OneWindow.Halls.Data;
using OneWindow.Registry.Data;
using OneWindow.Licences.Data;
using OneWindow.Identity.Data;
using OneWindow.Integration.Data;
using OneWindow.Oidc.Data;
using OneWindow.Shared.Data;

namespace OneWindow.Web;

/// <summary>
/// `dotnet run --project src/OneWindow.Web -- schema-script sqlite|postgres [module]` prints the CREATE script EF would
/// make from the current model: the starting point for a new migration script (see docs/ARCHITECTURE.md).
/// </summary>
internal static class SchemaScriptCommand
{
    public static int Run(string[] args)
    {
        var provider = args.Length > 1 ? args[1] : "sqlite";
        var settings = new DatabaseSettings(provider == "postgres" ? "Host=localhost;Database=unused" : "Data Source=:memory:");
        using var catalog = new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>().UseOneWindowDatabase(settings).Options);
        using var audit = new AuditDbContext(new DbContextOptionsBuilder<AuditDbContext>().UseOneWindowDatabase(settings).Options);
        using var identity = new IdentityDbContext(new DbContextOptionsBuilder<IdentityDbContext>().UseOneWindowDatabase(settings).Options);
        using var oidc = new OidcDbContext(new DbContextOptionsBuilder<OidcDbContext>().UseOneWindowDatabase(settings).Options);
        using var cases = new CasesDbContext(new DbContextOptionsBuilder<CasesDbContext>().UseOneWindowDatabase(settings).Options);
        using var calendar = new CalendarDbContext(new DbContextOptionsBuilder<CalendarDbContext>().UseOneWindowDatabase(settings).Options);
        using var files = new FilesDbContext(new DbContextOptionsBuilder<FilesDbContext>().UseOneWindowDatabase(settings).Options);
        using var integration = new IntegrationDbContext(new DbContextOptionsBuilder<IntegrationDbContext>().UseOneWindowDatabase(settings).Options);
        using var halls = new HallsDbContext(new DbContextOptionsBuilder<HallsDbContext>().UseOneWindowDatabase(settings).Options);
        using var registry = new RegistryDbContext(new DbContextOptionsBuilder<RegistryDbContext>().UseOneWindowDatabase(settings).Options);
        using var licences = new LicencesDbContext(new DbContextOptionsBuilder<LicencesDbContext>().UseOneWindowDatabase(settings).Options);
        var module = args.Length > 2 ? args[2] : null;
        foreach (var (name, context) in new (string, DbContext)[]
        {
            ("catalog", catalog), ("audit", audit), ("identity", identity), ("oidc", oidc),
            ("cases", cases),
            ("calendar", calendar),
            ("files", files),
            ("integration", integration),
            ("halls", halls),
            ("registry", registry),
            ("licences", licences),
        })
        {
            if (module is null || module == name)
            {
                Console.WriteLine(context.Database.GenerateCreateScript());
            }
        }

        return 0;
    }
}
