using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Security;

/// <summary>docs/integration-oidc.md's scope table says what the code registers: every scope, its text, and exactly
/// who may grant it.</summary>
public sealed class ScopeDocumentationTests
{
    [Fact]
    [Trait("Database", "Sqlite")]
    public async Task The_scope_table_lists_every_registered_scope_with_who_may_grant_it()
    {
        var app = await SharedApps.GetAsync(DbKind.Sqlite);
        var doc = await File.ReadAllLinesAsync(Path.Combine(RepoPaths.Root(), "docs", "integration-oidc.md"));
        var section = doc.SkipWhile(l => !l.StartsWith("## Scopes", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        var table = section.Where(l => l.StartsWith("| `", StringComparison.Ordinal) && l.Count(c => c == '|') == 4)
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(cells => cells[1].Trim('`'), cells => (Text: cells[2], Who: cells[3]));
        var scopes = app.Services.GetRequiredService<ApiScopeCatalog>().All;
        Assert.Equal(scopes.Select(s => s.Name).Order(), table.Keys.Order());
        foreach (var scope in scopes)
        {
            var (text, who) = table[scope.Name];
            Assert.Contains(scope.Zh, text);
            Assert.Contains(scope.En, text);
            var documented = who.Split(',', StringSplitOptions.TrimEntries).Select(w => w.Trim('`'))
                .Select(w => w switch { "citizens" => ApiScope.Citizens, "any staff" => ApiScope.AnyStaff, _ => w }).Order();
            Assert.Equal(scope.ConsentBy.Order(), documented);
        }
    }
}
