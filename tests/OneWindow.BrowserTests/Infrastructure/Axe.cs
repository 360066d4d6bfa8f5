using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>Runs axe-core (axe/axe.min.js, MPL-2.0) in a page. The context must bypass CSP: the site forbids inline scripts.</summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    private const string Run = """
        async () => {
            const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary || '' })),
            }));
        }
        """;

    public sealed record Node(string Target, string Html, string Summary);

    public sealed record Violation(string Id, string Impact, string Help, string HelpUrl, Node[] Nodes);

    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Source.Value });
        var json = await page.EvaluateAsync<JsonElement>(Run);
        return json.Deserialize<Violation[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }

    public static string Describe(IEnumerable<Violation> violations)
    {
        var text = new StringBuilder();
        foreach (var v in violations)
        {
            text.AppendLine($"[{v.Impact}] {v.Id}: {v.Help} ({v.HelpUrl})");
            foreach (var node in v.Nodes.Take(8))
            {
                text.AppendLine($"    at {node.Target}");
                text.AppendLine($"       {node.Html}");
                foreach (var line in node.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    text.AppendLine($"       {line.Trim()}");
                }
            }

            if (v.Nodes.Length > 8)
            {
                text.AppendLine($"    … and {v.Nodes.Length - 8} more");
            }
        }

        return text.ToString();
    }
}
