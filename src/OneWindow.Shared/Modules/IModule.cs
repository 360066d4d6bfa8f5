using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;

namespace OneWindow.Shared.Modules;

/// <summary>
/// The contract between a module and the host. The host finds every assembly marked with
/// <see cref="PlatformModuleAttribute"/> next to it, creates the module named there and lets it register its services,
/// endpoints, page conventions and database contexts. Nothing in the host names a module; adding one is a new folder
/// plus a project reference (docs/ARCHITECTURE.md, "Adding a module").
/// </summary>
public interface IModule
{
    /// <summary>Short lower-case key (<c>halls</c>): the migration history, table prefix and schema-script argument.</summary>
    string Name { get; }

    /// <summary>Services, options, DbContext, start-up tasks, authorization policies, navigation links.</summary>
    void AddServices(ModuleContext context);

    /// <summary>The module's API group(s) and any other endpoints.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }

    /// <summary>Authorization of the module's own pages (folders or single pages).</summary>
    void ConfigurePages(PageConventionCollection pages)
    {
    }

    /// <summary>The module's EF contexts, for the schema-script command and the schema-matches-model test.</summary>
    IReadOnlyList<Type> DbContexts => [];
}
