using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Features.Calls;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Exchange.ExchangeTestKit;

namespace OneWindow.Tests.Exchange;

/// <summary>Resources served from the provider's own system: the credential kept sealed on the platform, the answer
/// filtered and masked like any other, and a provider that times out, fails or answers garbage refused cleanly and
/// logged — on each database.</summary>
public abstract class ExchangeProxyTests(DbKind kind)
{
    private static readonly ProviderSystem Provider = new();

    private static readonly AppPerDatabase Apps = new(services =>
    {
        services.AddHttpClient(ProxyRowSource.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Provider);
    });

    [Fact]
    public async Task Rows_come_from_the_provider_system_with_its_credential_and_are_masked_by_the_grant()
    {
        var app = await Apps.GetAsync(kind);
        var (resource, provider, system, grantId) = await SetUpAsync(app, "ok");

        var answer = await Json.ReadAsync(await QueryAsync(app, system, resource.Code, new { grantId, subjects = new[] { "340104199001010011" } }));

        var row = answer["rows"]!.AsArray().Single()!;
        Assert.Equal("王*", row["personName"]!.GetValue<string>());
        Assert.Equal("合肥某某科技有限公司", row["orgName"]!.GetValue<string>());
        Assert.Null(row["internalNote"]);
        var seen = Provider.Requests[resource.Code];
        Assert.Equal("s3cret-" + resource.Code, seen.Credential);
        Assert.Contains("340104199001010011", seen.Body);
        // The credential is sealed at rest and never shown back.
        var stored = await app.QueryAsync<ExchangeDbContext, byte[]>(db => db.Proxies.Where(p => p.ResourceCode == resource.Code).Select(p => p.SecretSealed).SingleAsync());
        Assert.DoesNotContain("s3cret-" + resource.Code, Encoding.UTF8.GetString(stored));
        Assert.DoesNotContain("s3cret", provider.LastSettingJson);
    }

    [Theory]
    [InlineData("slow", 504, "exchange.provider_timeout")]
    [InlineData("garbage", 502, "exchange.provider_garbage")]
    [InlineData("error", 502, "exchange.provider_failed")]
    [InlineData("toomany", 502, "exchange.provider_garbage")]
    public async Task A_provider_that_fails_is_a_clear_refusal_logged_without_data(string behaviour, int status, string code)
    {
        var app = await Apps.GetAsync(kind);
        var (resource, _, system, grantId) = await SetUpAsync(app, behaviour);

        var problem = await Json.ProblemAsync(await QueryAsync(app, system, resource.Code, new { grantId, subjects = new[] { "340104199001010011" }, pageSize = 1 }), status);

        Assert.Equal(code, problem["code"]!.GetValue<string>());
        var logged = (await LoggedAsync(app, grantId)).Last();
        Assert.Equal(code, logged.Outcome);
        Assert.Equal(0, logged.Rows);
    }

    [Fact]
    public async Task Only_https_addresses_and_only_the_provider_may_set_the_system()
    {
        var app = await Apps.GetAsync(kind);
        var provider = await DepartmentAdminAsync(app);
        var resource = await ResourceCatalogKit.TableAsync(app, provider.Key, SharingClasses.Unconditional, ResourceHoldings.Proxy);
        var path = $"/api/v1/exchange/{DataResourceCodes.ToUrl(resource.Code)}/proxy";

        var plain = await provider.Staff.Client.PutAsJsonAsync(path, new { url = "http://provider.test/rows", headerName = "X-Key", secret = "12345678" }, Json.Options);
        Assert.NotNull((await Json.ProblemAsync(plain, 400))["errors"]!["url"]);
        var (other, _, _) = await DepartmentAdminAsync(app);
        var stranger = await other.Client.PutAsJsonAsync(path, new { url = "https://provider.test/ok", headerName = "X-Key", secret = "12345678" }, Json.Options);
        Assert.Equal("exchange.provide_forbidden", (await Json.ProblemAsync(stranger, 403))["code"]!.GetValue<string>());
        Assert.False(await app.QueryAsync<ExchangeDbContext, bool>(db => db.Proxies.AnyAsync(p => p.ResourceCode == resource.Code)));
    }

    private static async Task<(SharedResource Resource, ProviderSide Provider, ConsumerSystem System, long GrantId)> SetUpAsync(OneWindowApp app, string behaviour)
    {
        var provider = await DepartmentAdminAsync(app);
        var resource = await ResourceCatalogKit.TableAsync(app, provider.Key, SharingClasses.Unconditional, ResourceHoldings.Proxy);
        var set = await provider.Staff.Client.PutAsJsonAsync($"/api/v1/exchange/{DataResourceCodes.ToUrl(resource.Code)}/proxy",
            new { url = $"https://provider.test/{behaviour}", headerName = "X-Provider-Key", secret = "s3cret-" + resource.Code, timeoutSeconds = 1 }, Json.Options);
        var settingJson = await set.Content.ReadAsStringAsync();
        Assert.True(set.IsSuccessStatusCode, settingJson);
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var system = await SystemAsync(app, consumerId);
        var grant = await RequestGrantAsync(consumer.Client, Request(resource.Code, ["personName", "orgName"], [system.ClientId]));
        return (resource, new ProviderSide(settingJson), system, grant["id"]!.GetValue<long>());
    }

    private sealed record ProviderSide(string LastSettingJson);

    /// <summary>The provider's own system: answers by the last path segment.</summary>
    private sealed class ProviderSystem : HttpMessageHandler
    {
        public ConcurrentDictionary<string, (string? Credential, string Body)> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = await request.Content!.ReadAsStringAsync(ct);
            var resource = JsonNode.Parse(body)!["resource"]!.GetValue<string>();
            Requests[resource] = (request.Headers.TryGetValues("X-Provider-Key", out var values) ? values.Single() : null, body);
            switch (request.RequestUri!.Segments[^1])
            {
                case "slow":
                    await Task.Delay(Timeout.Infinite, ct);
                    throw new InvalidOperationException("unreachable");
                case "garbage":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>maintenance</html>", Encoding.UTF8, "text/html") };
                case "error":
                    return new HttpResponseMessage(HttpStatusCode.InternalServerError);
                case "toomany":
                    return Rows(new JsonArray(Row(), Row()));
                default:
                    return Rows(new JsonArray(Row()));
            }
        }

        private static JsonObject Row() => new()
        {
            ["idNumber"] = "340104199001010011",
            ["personName"] = "王五",
            ["orgName"] = "合肥某某科技有限公司",
            ["internalNote"] = "not a declared item",
        };

        private static HttpResponseMessage Rows(JsonArray rows) =>
            new(HttpStatusCode.OK) { Content = new StringContent(new JsonObject { ["rows"] = rows, ["nextCursor"] = null }.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}

public sealed class ExchangeProxyTestsOnSqlite() : ExchangeProxyTests(DbKind.Sqlite);

public sealed class ExchangeProxyTestsOnPostgres() : ExchangeProxyTests(DbKind.Postgres);
