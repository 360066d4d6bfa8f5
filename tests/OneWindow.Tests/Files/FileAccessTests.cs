using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Files.Data;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Files.FilesTestKit;

namespace OneWindow.Tests.Files;

/// <summary>Who sees which file: the owner downloads (as an attachment, never sniffed or cached); another citizen
/// and anonymous callers get the 404 of an unknown id; an agent acting for an enterprise works in the enterprise's
/// library; the library pages newest first with a keyset cursor.</summary>
public abstract class FileAccessTests(DbKind kind)
{
    [Fact]
    public async Task Only_the_owner_downloads_and_everyone_else_gets_the_unknown_id_404()
    {
        var files = await AppAsync(kind);
        var owner = await NewCitizenAsync(files.App);
        var other = await NewCitizenAsync(files.App);
        var content = Pdf();
        var id = await UploadOkAsync(owner, "营业执照 副本.pdf", content);

        var response = await owner.GetAsync($"/api/v1/files/{id}/content");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("营业执照 副本.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E8%90%A5", response.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.True(response.Headers.CacheControl.NoStore);

        var unknown = await Json.ProblemAsync(await owner.GetAsync($"/api/v1/files/{id + 1_000_000}/content"), 404);
        foreach (var stranger in new[] { other, files.App.Anonymous() })
        {
            var refused = await Json.ProblemAsync(await stranger.GetAsync($"/api/v1/files/{id}/content"), 404);
            Assert.Equal(unknown["title"]!.GetValue<string>(), refused["title"]!.GetValue<string>());
            Assert.Equal(unknown["detail"]!.GetValue<string>(), refused["detail"]!.GetValue<string>());
        }

        Assert.DoesNotContain((await Json.GetAsync(other, "/api/v1/files"))["files"]!.AsArray(), f => f!["id"]!.GetValue<long>() == id);
        await Json.ProblemAsync(await files.App.Anonymous().GetAsync("/api/v1/files"), 401);
    }

    [Fact]
    public async Task An_agent_acting_for_an_enterprise_uploads_into_the_enterprise_library()
    {
        var files = await AppAsync(kind);
        var owner = await CitizenKit.RegisterAsync(files.App);
        var agent = await CitizenKit.RegisterAsync(files.App);
        var ownerClient = await CitizenKit.SignedInAsync(files.App, owner);
        var enterprise = await EnterpriseAgentTests.RegisterEnterpriseAsync(files.App, ownerClient, owner.Name, "合肥材料测试有限公司");
        var grant = await CitizenKit.PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents", new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "true" }, "Grant");
        Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);

        var agentClient = await CitizenKit.SignedInAsync(files.App, agent);
        await SwitchAsync(agentClient, enterprise);
        var id = await UploadOkAsync(agentClient, "章程.pdf", Pdf());
        var listed = await Json.GetAsync(agentClient, "/api/v1/files");
        Assert.Equal(id, listed["files"]![0]!["id"]!.GetValue<long>());
        Assert.Equal($"enterprise:{enterprise}", await files.App.QueryAsync<FilesDbContext, string>(db => db.Files.Where(f => f.Id == id).Select(f => f.OwnerSubject).SingleAsync()));

        // The legal representative acting for the enterprise reaches it too; acting for themselves, nobody does.
        await SwitchAsync(ownerClient, enterprise);
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"/api/v1/files/{id}/content")).StatusCode);
        await SwitchAsync(agentClient, null);
        await Json.ProblemAsync(await agentClient.GetAsync($"/api/v1/files/{id}/content"), 404);
        Assert.Empty((await Json.GetAsync(agentClient, "/api/v1/files"))["files"]!.AsArray());
    }

    [Fact]
    public async Task The_library_pages_newest_first_with_a_before_cursor()
    {
        var files = await AppAsync(kind);
        var client = await NewCitizenAsync(files.App);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await UploadOkAsync(client, $"材料{i}.pdf", Pdf()));
        }

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Json.GetAsync(client, "/api/v1/files?pageSize=2" + (cursor != null ? "&before=" + Uri.EscapeDataString(cursor) : ""));
            seen.AddRange(page["files"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor != null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids).ToList(), seen);

        var badCursor = await Json.ProblemAsync(await client.GetAsync("/api/v1/files?before=not-a-cursor"), 400);
        Assert.NotNull(badCursor["errors"]!["before"]);
        await Json.ProblemAsync(await client.GetAsync("/api/v1/files?pageSize=0"), 400);
    }

    private static async Task SwitchAsync(HttpClient client, long? enterprise)
    {
        var response = await CitizenKit.PostFormAsync(client, "/account", enterprise is { } id ? new() { ["enterpriseId"] = id.ToString() } : [], "Switch");
        Assert.Equal("/account?Done=switched", response.Headers.Location!.OriginalString);
    }
}

[Trait("Database", "Sqlite")]
public sealed class FileAccessTestsOnSqlite() : FileAccessTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class FileAccessTestsOnPostgres() : FileAccessTests(DbKind.Postgres);
