using System.Net;
using System.Net.Http.Headers;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Files.FilesTestKit;

namespace OneWindow.Tests.Files;

/// <summary>/account/files: the upload form (multipart with its antiforgery token) adds to the list; a refused file
/// is explained next to the field, in the page's language; the page is for signed-in citizens.</summary>
public abstract class FilesPageTests(DbKind kind)
{
    [Fact]
    public async Task Uploading_through_the_form_lists_the_file_with_its_download_link()
    {
        var files = await AppAsync(kind);
        var client = await NewCitizenAsync(files.App);
        var response = await PostUploadAsync(client, "/account/files", "结婚证.jpg", Jpeg());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/files?Done=uploaded", response.Headers.Location!.OriginalString);

        var page = await client.GetStringAsync("/account/files?Done=uploaded");
        Assert.Contains("id=\"upload-done\"", page);
        Assert.Contains("结婚证.jpg", page);
        Assert.Contains("JPG", page);
        Assert.Matches(@"href=""/api/v1/files/\d+/content""", page);
        Assert.Contains("id=\"nav-files\"", page);
    }

    [Fact]
    public async Task A_refused_file_is_explained_next_to_the_field_in_the_page_language()
    {
        var files = await AppAsync(kind);
        var client = await NewCitizenAsync(files.App);
        var response = await PostUploadAsync(client, "/account/files", "身份证.pdf", Png());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-error\" id=\"file-error\">文件内容不是 PDF</p>", html);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("aria-describedby=\"file-hint file-error\"", html);

        var english = await PostUploadAsync(client, "/account/files?lang=en", "id.pdf", Png());
        Assert.Contains("<p class=\"field-error\" id=\"file-error\">The file is not a PDF</p>", await english.Content.ReadAsStringAsync());
        Assert.Empty((await Json.GetAsync(client, "/api/v1/files"))["files"]!.AsArray());
    }

    [Fact]
    public async Task The_form_needs_its_antiforgery_token_and_the_page_a_citizen()
    {
        var files = await AppAsync(kind);
        var client = await NewCitizenAsync(files.App);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf()), "Upload", "a.pdf" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/account/files", form)).StatusCode);
        Assert.Empty((await Json.GetAsync(client, "/api/v1/files"))["files"]!.AsArray());

        var anonymous = await files.App.Anonymous().GetAsync("/account/files");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin", anonymous.Headers.Location!.PathAndQuery);
    }

    private static async Task<HttpResponseMessage> PostUploadAsync(HttpClient client, string path, string fileName, byte[] content)
    {
        var token = await OneWindowApp.AntiforgeryTokenAsync(client, "/account/files");
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { part, "Upload", fileName } };
        return await client.PostAsync(path, form);
    }
}

[Trait("Database", "Sqlite")]
public sealed class FilesPageTestsOnSqlite() : FilesPageTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class FilesPageTestsOnPostgres() : FilesPageTests(DbKind.Postgres);
