using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OneWindow.Shared.Codes;

namespace OneWindow.Bench;

/// <summary>
/// Prepares a running app for the case load test (bench/cases), through its public HTTP API only: registers citizens,
/// signs each in (session cookie), uploads one PDF per uploadable required material of the item, and submits
/// <c>cases</c> applications whose number and query code the progress run reads. Writes two tab-separated files
/// the wrk Lua scripts read: applicants.tsv (cookie, request body) and progress.tsv (number, code).
/// </summary>
internal sealed partial class CasesSetup(string baseUrl, long itemId, int citizens, int cases, string outDir)
{
    private const string Password = "bench horse 42";

    public async Task RunAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var item = JsonNode.Parse(await http.GetStringAsync($"/api/v1/catalog/items/{itemId}"))!;
        var uploads = item["guide"]!["materials"]!.AsArray().Select((m, i) => (m, i))
            .Where(x => x.m!["required"]!.GetValue<bool>() && x.m["form"]!.GetValue<string>() != "paper").Select(x => x.i).ToList();
        Console.WriteLine($"Item {itemId} {item["guide"]!["name"]}: uploads for materials [{string.Join(",", uploads)}]");

        Directory.CreateDirectory(outDir);
        var applicants = new List<(string Cookie, string Body)>();
        for (var n = 0; n < citizens; n++)
        {
            var cookie = await RegisterAndSignInAsync(http, n);
            var materials = new JsonArray();
            foreach (var index in uploads)
            {
                materials.Add(new JsonObject { ["materialIndex"] = index, ["fileId"] = await UploadAsync(http, cookie, $"{n}-{index}"), ["note"] = "扫描件" });
            }

            var body = new JsonObject
            {
                ["itemId"] = itemId,
                ["answers"] = new JsonObject { ["contactPhone"] = "13912345678", ["remarks"] = "网上申请" },
                ["deliveryMethod"] = "pickup",
                ["materials"] = materials,
            };
            applicants.Add((cookie, body.ToJsonString()));
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "applicants.tsv"), applicants.Select(a => a.Cookie + "\t" + a.Body));
        Console.WriteLine($"{citizens} applicants signed in with uploaded materials -> {outDir}/applicants.tsv");

        var progress = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; n < cases; n++)
        {
            var (cookie, body) = applicants[n % applicants.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Idempotency-Key", "setup-" + Guid.NewGuid().ToString("N"));
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Submission answered {(int)response.StatusCode}: {text}");
            }

            var created = JsonNode.Parse(text)!;
            progress.Add(created["number"]!.GetValue<string>() + "\t" + created["queryCode"]!.GetValue<string>());
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "progress.tsv"), progress);
        Console.WriteLine($"{cases} cases submitted one by one in {started.Elapsed.TotalSeconds:F1} s -> {outDir}/progress.tsv");
    }

    private static async Task<string> RegisterAndSignInAsync(HttpClient http, int n)
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(n * 7 % (365 * 40));
        var first17 = "110105" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (n % 1000).ToString("D3", CultureInfo.InvariantCulture);
        var idNumber = first17 + CitizenIdNumber.CheckCharacter(first17);
        var register = JsonSerializer.Serialize(new { name = "压测" + n.ToString(CultureInfo.InvariantCulture), idNumber, phone = "13800138000", password = Password });
        using (var response = await http.PostAsync("/api/v1/citizens", new StringContent(register, Encoding.UTF8, "application/json")))
        {
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            {
                throw new InvalidOperationException($"Registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        // The sign-in form: antiforgery cookie and token from the page, then the POST sets the session cookie.
        using var page = await http.GetAsync("/signin");
        var cookies = Cookies(page);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["IdNumber"] = idNumber, ["Password"] = Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies));
        using var signedIn = await http.SendAsync(post);
        var session = Cookies(signedIn).Where(c => c.StartsWith("ow.", StringComparison.Ordinal)).ToList();
        if (signedIn.StatusCode != HttpStatusCode.Redirect || session.Count == 0)
        {
            throw new InvalidOperationException($"Sign-in of applicant {n} answered {(int)signedIn.StatusCode}.");
        }

        return string.Join("; ", session);
    }

    private static async Task<long> UploadAsync(HttpClient http, string cookie, string tag)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.ASCII.GetBytes(
            "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
            "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% " + tag + "\ntrailer<</Root 1 0 R>>\n%%EOF\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "material.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/files") { Content = form };
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(text)!["id"]!.GetValue<long>()
            : throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {text}");
    }

    private static List<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]).ToList() : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
