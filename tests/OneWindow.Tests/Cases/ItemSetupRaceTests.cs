using System.Net;
using System.Net.Http.Json;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>The first saves of an item's form can race to insert its setup row: every one of them succeeds (the
/// losers update the row the winner inserted) instead of one failing with a 500.</summary>
public abstract class ItemSetupRaceTests(DbKind kind)
{
    [Fact]
    public async Task Racing_first_saves_of_an_items_form_all_succeed()
    {
        var app = await SharedApps.GetAsync(kind);
        var items = await Json.GetAsync(app.Anonymous(), "/api/v1/catalog/items?q=" + Uri.EscapeDataString("纳税证明"));
        var itemId = items["items"]!.AsArray().First(i => i!["name"]!.GetValue<string>().StartsWith("纳税证明", StringComparison.Ordinal))!["id"]!.GetValue<long>();
        var editors = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.SignedInAsync("editor", "ds")));

        var responses = await Task.WhenAll(editors.Select((editor, i) => editor.PutAsJsonAsync($"/api/v1/cases/items/{itemId}/form", new
        {
            definition = new
            {
                sections = new[] { new { key = "applicant", title = "申请人", fields = new object[] { new { key = "taxpayer" + i, label = "纳税人名称", type = "text", required = true } } } },
            },
        }, Json.Options)));

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var form = await Json.GetAsync(editors[0], $"/api/v1/cases/items/{itemId}/setup");
        var key = form.ToJsonString();
        Assert.Single(Enumerable.Range(0, 4), i => key.Contains("\"taxpayer" + i + "\"", StringComparison.Ordinal));
    }
}

[Trait("Database", "Sqlite")]
public sealed class ItemSetupRaceTestsOnSqlite() : ItemSetupRaceTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ItemSetupRaceTestsOnPostgres() : ItemSetupRaceTests(DbKind.Postgres);
