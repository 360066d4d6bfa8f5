using System.Reflection;
using NetArchTest.Rules;
using OneWindow.Shared.Modules;

namespace OneWindow.Tests.Architecture;

/// <summary>
/// The module boundaries of docs/ARCHITECTURE.md as tests: a module uses only its own types and the contracts in
/// OneWindow.Shared (never another module's types, DbContext or pages); the host's pages and infrastructure use only
/// contracts; Shared depends on no module. Checked on the compiled assemblies (method bodies included), so a page that
/// injects another module's DbContext fails here.
/// </summary>
public sealed class ModuleBoundaryTests
{
    /// <summary>Host code allowed to name a module: the command-line staff bootstrap calls Identity's service directly
    /// (it runs without HTTP, before any staff exists).</summary>
    private static readonly string[] HostExceptions = ["OneWindow.Web.CreateStaffCommand"];

    private static readonly IReadOnlyList<IModule> Modules = ModuleDiscovery.Discover();

    private static IEnumerable<Assembly> ModuleAssemblies => Modules.Select(m => m.GetType().Assembly).Distinct();

    public static TheoryData<string> ModuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var assembly in ModuleAssemblies)
        {
            data.Add(assembly.GetName().Name!);
        }

        return data;
    }

    [Fact]
    public void Every_module_project_beside_the_host_is_discovered()
    {
        var modules = ModuleAssemblies.Select(a => a.GetName().Name).ToHashSet();
        var notModules = new[] { "OneWindow.Shared", "OneWindow.Web", "OneWindow.Tests", "OneWindow.BrowserTests" };
        var deployed = Directory.EnumerateFiles(AppContext.BaseDirectory, "OneWindow.*.dll")
            .Select(Path.GetFileNameWithoutExtension).Where(n => !notModules.Contains(n)).ToList();
        Assert.NotEmpty(deployed);
        Assert.All(deployed, name => Assert.Contains(name, modules));
        Assert.Equal(Modules.Count, Modules.Select(m => m.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_uses_no_other_module(string assemblyName)
    {
        var assembly = ModuleAssemblies.Single(a => a.GetName().Name == assemblyName);
        var others = ModuleAssemblies.Where(a => a != assembly).Select(a => a.GetName().Name!).ToArray();
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(others).GetResult();
        Assert.True(result.IsSuccessful, $"{assemblyName} reaches into another module: {Describe(result, others)}");
    }

    [Fact]
    public void Shared_depends_on_no_module()
    {
        var modules = ModuleAssemblies.Select(a => a.GetName().Name!).ToArray();
        var result = Types.InAssembly(typeof(IModule).Assembly).ShouldNot().HaveDependencyOnAny(modules).GetResult();
        Assert.True(result.IsSuccessful, $"OneWindow.Shared names a module: {Describe(result, modules)}");
    }

    [Fact]
    public void The_host_uses_only_contracts()
    {
        var modules = ModuleAssemblies.Select(a => a.GetName().Name!).ToArray();
        var result = Types.InAssembly(typeof(Web.OneWindowHost).Assembly)
            .That().DoNotHaveNameMatching("^(" + string.Join("|", HostExceptions.Select(e => e.Split('.')[^1])) + ")")
            .ShouldNot().HaveDependencyOnAny(modules).GetResult();
        Assert.True(result.IsSuccessful, $"The host reaches into a module: {Describe(result, modules)}");
    }

    [Fact]
    public void Module_pages_live_in_their_module()
    {
        var hostPages = typeof(Web.OneWindowHost).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel)))
            .Select(t => t.FullName!).Order().ToList();
        // Layout, home, the staff workspace and the access-denied page compose several modules; everything else is a module's.
        Assert.Equal(["OneWindow.Web.Pages.AccessDeniedModel", "OneWindow.Web.Pages.Admin.IndexModel", "OneWindow.Web.Pages.IndexModel"], hostPages);
    }

    private static string Describe(TestResult result, string[] forbidden) =>
        $"{string.Join(", ", (result.FailingTypeNames ?? []).Take(20))} (may not use {string.Join(", ", forbidden)})";
}
