using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Features.Holding;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Results;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Calls;

/// <summary>
/// Rows fetched from the provider's own system (代理转发): one HTTPS POST per call with the provider's credential in
/// the configured header and the query as JSON ({resource, items, subjects, filters, pageSize, after}); the answer must
/// be {rows: [{item: value}], nextCursor}. A provider that does not answer in time (504), answers an error (502) or
/// garbage (502) is a refused call like any other: logged, and no data is returned. Items the resource does not
/// declare are dropped, never passed on.
/// </summary>
internal sealed class ProxyRowSource(ExchangeDbContext db, IHttpClientFactory http, ProxySecrets secrets, SubjectIndex index) : IRowSource
{
    public const string HttpClientName = "exchange-proxy";
    public const int MaxAnswerBytes = 4 * 1024 * 1024;

    public string Holding => ResourceHoldings.Proxy;

    public bool Searchable => true;

    public async Task<SourcePage> ReadAsync(RowQuery query, CancellationToken ct)
    {
        var endpoint = await db.Proxies.AsNoTracking().FirstOrDefaultAsync(p => p.ResourceCode == query.Resource.Code, ct)
            ?? throw new SourceFailedException(ExchangeText.Fail(FailureKind.Unavailable, "exchange.proxy_not_configured"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(endpoint.TimeoutMilliseconds);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = JsonContent.Create(new
            {
                resource = query.Resource.Code,
                items = query.Resource.Items.Select(i => i.Key),
                subjects = query.Subjects,
                filters = query.Filters.Select(f => new { item = f.Item, op = f.Op, value = f.Value }),
                pageSize = query.PageSize,
                after = query.After,
            }),
        };
        request.Headers.TryAddWithoutValidation(endpoint.HeaderName, secrets.Open(endpoint.SecretSealed, endpoint.ResourceCode));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw Failed(FailureKind.BadGateway, "exchange.provider_failed", (int)response.StatusCode);
            }

            if (response.Content.Headers.ContentLength is > MaxAnswerBytes)
            {
                throw Failed(FailureKind.BadGateway, "exchange.provider_garbage");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new MemoryStream();
            await CopyLimitedAsync(body, buffer, timeout.Token);
            return Parse(buffer.ToArray(), query);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Failed(FailureKind.GatewayTimeout, "exchange.provider_timeout", endpoint.TimeoutMilliseconds / 1000.0);
        }
        catch (HttpRequestException)
        {
            throw Failed(FailureKind.BadGateway, "exchange.provider_unreachable");
        }
    }

    private SourcePage Parse(byte[] body, RowQuery query)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array
                || rows.GetArrayLength() > query.PageSize)
            {
                throw Failed(FailureKind.BadGateway, "exchange.provider_garbage");
            }

            var result = new List<SourceRow>();
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object)
                {
                    throw Failed(FailureKind.BadGateway, "exchange.provider_garbage");
                }

                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var property in row.EnumerateObject())
                {
                    if (query.Resource.Item(property.Name) != null)
                    {
                        values[property.Name] = property.Value.ValueKind switch
                        {
                            JsonValueKind.Null => null,
                            JsonValueKind.String => property.Value.GetString(),
                            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                            _ => throw Failed(FailureKind.BadGateway, "exchange.provider_garbage"),
                        };
                    }
                }

                var subject = query.Resource.SubjectItem is { } key && values.TryGetValue(key, out var code) && !string.IsNullOrWhiteSpace(code) ? index.Of(code) : null;
                result.Add(new SourceRow(values, subject, values.GetValueOrDefault("regionCode")));
            }

            var next = doc.RootElement.TryGetProperty("nextCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;
            return new SourcePage(result, next is { Length: > 0 and <= 200 } ? next : null);
        }
        catch (JsonException)
        {
            throw Failed(FailureKind.BadGateway, "exchange.provider_garbage");
        }
    }

    private static async Task CopyLimitedAsync(Stream from, MemoryStream to, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            if (to.Length + read > MaxAnswerBytes)
            {
                throw Failed(FailureKind.BadGateway, "exchange.provider_garbage");
            }

            to.Write(buffer, 0, read);
        }
    }

    private static SourceFailedException Failed(FailureKind kind, string code, params object?[] args) => new(ExchangeText.Fail(kind, code, args));
}
