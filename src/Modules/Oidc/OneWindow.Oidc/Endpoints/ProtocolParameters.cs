using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace OneWindow.Oidc.Endpoints;

/// <summary>Request parameters of a protocol endpoint (query or form). RFC 6749 §3.1: a parameter sent twice is an
/// invalid request; empty values count as absent.</summary>
internal sealed class ProtocolParameters(IEnumerable<KeyValuePair<string, StringValues>> values)
{
    private readonly Dictionary<string, StringValues> values = values.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public string? Duplicate => values.FirstOrDefault(p => p.Value.Count > 1).Key;

    public string? this[string name] => values.TryGetValue(name, out var value) && value.Count == 1 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;

    public bool Has(string name) => this[name] != null;

    public IEnumerable<KeyValuePair<string, string?>> All => values.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString()));

    public static async Task<ProtocolParameters> ReadAsync(HttpRequest request, CancellationToken ct) =>
        HttpMethods.IsPost(request.Method) && request.HasFormContentType
            ? new ProtocolParameters(await request.ReadFormAsync(ct))
            : new ProtocolParameters(request.Query);
}
