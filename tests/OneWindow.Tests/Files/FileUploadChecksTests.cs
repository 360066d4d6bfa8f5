using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Files.Data;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Files.FilesTestKit;

namespace OneWindow.Tests.Files;

/// <summary>The upload checks through POST /api/v1/files, in their order: empty, too large (Files:MaxBytes is 4 KiB
/// here), type by content, extension agreeing with the content. Every refusal is a 422 problem with its code and
/// stores nothing: no file row, no blob row, no blob on disk.</summary>
public abstract class FileUploadChecksTests(DbKind kind)
{
    [Fact]
    public async Task An_empty_file_is_refused_as_empty()
    {
        var (files, client, citizen) = await SignedInAsync();
        var body = await RefusedAsync(files, client, citizen, "空白.pdf", [], "empty");
        Assert.Contains("文件是空的", body);
    }

    [Fact]
    public async Task Exactly_MaxBytes_is_accepted_and_one_byte_more_is_refused_as_too_large()
    {
        var (files, client, citizen) = await SignedInAsync();
        var exact = Pdf((int)MaxBytes);
        Assert.Equal(MaxBytes, exact.Length);
        var id = await UploadOkAsync(client, "exact.pdf", exact);
        Assert.Equal(MaxBytes, (await Json.GetAsync(client, "/api/v1/files"))["files"]![0]!["length"]!.GetValue<long>());
        Assert.True(id > 0);

        var body = await RefusedAsync(files, client, citizen, "big.pdf", Pdf((int)MaxBytes + 1), "too_large");
        Assert.Contains("4 KB", body);
    }

    [Fact]
    public async Task A_text_file_is_refused_as_type_not_allowed_whatever_its_name()
    {
        var (files, client, citizen) = await SignedInAsync();
        var text = Encoding.UTF8.GetBytes("这是一个文本文件 " + Guid.NewGuid());
        var asText = await RefusedAsync(files, client, citizen, "notes.txt", text, "type_not_allowed");
        Assert.Contains("只能上传 PDF、JPG 或 PNG 文件", asText);
        // Named .pdf it is still not one of the allowed types: the content decides, checked before the name.
        await RefusedAsync(files, client, citizen, "营业执照.pdf", text, "type_not_allowed");
    }

    [Fact]
    public async Task A_truncated_PDF_without_EOF_is_refused_and_the_message_says_it_is_incomplete()
    {
        var (files, client, citizen) = await SignedInAsync();
        var whole = Pdf(2000);
        var truncated = whole[..1500];
        var body = await RefusedAsync(files, client, citizen, "scan.pdf", truncated, "type_not_allowed");
        Assert.Contains("PDF 文件不完整", body);
    }

    [Fact]
    public async Task A_PNG_renamed_pdf_is_refused_as_content_mismatch()
    {
        var (files, client, citizen) = await SignedInAsync();
        var body = await RefusedAsync(files, client, citizen, "身份证.pdf", Png(), "content_mismatch");
        Assert.Contains("文件内容不是 PDF", body);

        var jpegAsPng = await RefusedAsync(files, client, citizen, "photo.PNG", Jpeg(), "content_mismatch");
        Assert.Contains("文件内容不是 PNG 图片", jpegAsPng);
        var pdfAsDoc = await RefusedAsync(files, client, citizen, "合同.docx", Pdf(), "content_mismatch");
        Assert.Contains("文件名应以 .pdf 结尾", pdfAsDoc);
    }

    [Fact]
    public async Task The_stored_type_is_the_sniffed_one_and_the_name_is_cleaned()
    {
        var (_, client, _) = await SignedInAsync();
        // The client claims application/pdf; the content is a PNG, and so is the name.
        var response = await UploadAsync(client, "../../etc/户口簿\u0007\u202E首页.png", Png(), "application/pdf");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var file = await Json.ReadAsync(response);
        Assert.Equal("image/png", file["mediaType"]!.GetValue<string>());
        Assert.Equal("户口簿首页.png", file["fileName"]!.GetValue<string>());

        var jpeg = await Json.ReadAsync(await UploadAsync(client, "照片.JPEG", Jpeg()));
        Assert.Equal("image/jpeg", jpeg["mediaType"]!.GetValue<string>());

        // No extension: the content's is added. A very long name keeps its extension within 200 characters.
        var bare = await Json.ReadAsync(await UploadAsync(client, "扫描件", Pdf()));
        Assert.Equal("扫描件.pdf", bare["fileName"]!.GetValue<string>());
        var longName = await Json.ReadAsync(await UploadAsync(client, new string('长', 300) + ".pdf", Pdf()));
        Assert.Equal(200, longName["fileName"]!.GetValue<string>().Length);
        Assert.EndsWith(".pdf", longName["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_without_the_file_part_is_a_400_problem_naming_the_field()
    {
        var (_, client, _) = await SignedInAsync();
        var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var problem = await Json.ProblemAsync(await client.PostAsync("/api/v1/files", form), 400);
        Assert.NotNull(problem["errors"]!["file"]);

        var notMultipart = await Json.ProblemAsync(await Json.PostAsync(client, "/api/v1/files", new { file = "x" }), 400);
        Assert.NotNull(notMultipart["errors"]!["file"]);
    }

    [Fact]
    public async Task A_refusal_carries_its_code_and_follows_accept_language()
    {
        var (_, client, _) = await SignedInAsync();

        var chinese = await Json.ProblemAsync(await UploadAsync(client, "空白.pdf", []), 422);
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent([]), "file", "empty.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/files") { Content = form };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await Json.ProblemAsync(await client.SendAsync(request), 422);
        using var missing = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/987654321/content");
        missing.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var notFound = await Json.ProblemAsync(await client.SendAsync(missing), 404);

        Assert.Equal("empty", chinese["code"]!.GetValue<string>());
        Assert.Equal("文件是空的（0 字节），请重新选择", chinese["detail"]!.GetValue<string>());
        Assert.Equal("文件未被接受", chinese["title"]!.GetValue<string>());
        Assert.Equal("empty", english["code"]!.GetValue<string>());
        Assert.Equal("The file is empty (0 bytes); choose it again", english["detail"]!.GetValue<string>());
        Assert.Equal("The file was not accepted", english["title"]!.GetValue<string>());
        Assert.Equal("files.not_found", notFound["code"]!.GetValue<string>());
        Assert.Equal("No such file", notFound["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_signed_in_citizens_upload()
    {
        var files = await AppAsync(kind);
        await Json.ProblemAsync(await UploadAsync(files.App.Anonymous(), "a.pdf", Pdf()), 401);
        var staff = await files.App.SignedInAsync(OneWindow.Shared.Security.StaffRoles.WindowOfficer);
        await Json.ProblemAsync(await UploadAsync(staff, "a.pdf", Pdf()), 403);
    }

    private async Task<(FilesApp Files, HttpClient Client, TestCitizen Citizen)> SignedInAsync()
    {
        var files = await AppAsync(kind);
        var citizen = await CitizenKit.RegisterAsync(files.App);
        return (files, await CitizenKit.SignedInAsync(files.App, citizen), citizen);
    }

    /// <summary>Asserts the 422 problem with its code and that nothing of the upload was stored; returns the body.</summary>
    private static async Task<string> RefusedAsync(FilesApp files, HttpClient client, TestCitizen citizen, string name, byte[] content, string code)
    {
        var response = await UploadAsync(client, name, content);
        var text = await response.Content.ReadAsStringAsync();
        var problem = await Json.ProblemAsync(response, 422);
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem["detail"]!.GetValue<string>());

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var (owned, blobs) = await files.App.QueryAsync<FilesDbContext, (int, int)>(async db =>
            (await db.Files.CountAsync(f => f.OwnerSubject == citizen.Subject && f.Sha256 == sha), await db.Blobs.CountAsync(b => b.Sha256 == sha)));
        Assert.Equal(0, owned);
        Assert.Equal(0, blobs);
        Assert.DoesNotContain(files.DiskFiles(), f => f.Contains(sha, StringComparison.Ordinal));
        return text;
    }
}

[Trait("Database", "Sqlite")]
public sealed class FileUploadChecksTestsOnSqlite() : FileUploadChecksTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class FileUploadChecksTestsOnPostgres() : FileUploadChecksTests(DbKind.Postgres);
