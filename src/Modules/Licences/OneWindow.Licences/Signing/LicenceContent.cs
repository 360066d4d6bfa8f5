using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OneWindow.Licences.Domain;

namespace OneWindow.Licences.Signing;

/// <summary>
/// What a licence signature covers, and its one canonical byte form (docs/licences.md): compact UTF-8 JSON, members in
/// exactly this order — v (1), id, type, typeName, number, holder, holderCode, holderCodeType, issuer, issuerCode,
/// issuedOn, validFrom, validUntil (null = permanent), jurisdiction, data (its members sorted by key, ordinal), kid —
/// dates as yyyy-MM-dd, non-ASCII characters unescaped, no whitespace. The QR payload carries these bytes as they are.
/// </summary>
public sealed record LicenceContent(
    string Identifier,
    string TypeCode,
    string TypeName,
    string Number,
    string HolderName,
    string HolderCode,
    string HolderCodeType,
    string IssuerName,
    string IssuerCode,
    DateOnly IssuedOn,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    string Jurisdiction,
    IReadOnlyDictionary<string, string> Data,
    string KeyId)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static LicenceContent From(Licence l) => new(l.Identifier, l.TypeCode, l.TypeName, l.Number, l.HolderName, l.HolderCode, l.HolderCodeType,
        l.IssuerName, l.IssuerCode, l.IssuedOn, l.ValidFrom, l.ValidUntil, l.Jurisdiction, DataFields.Parse(l.DataJson), l.KeyId);

    public byte[] ToCanonicalBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("v", 1);
            w.WriteString("id", Identifier);
            w.WriteString("type", TypeCode);
            w.WriteString("typeName", TypeName);
            w.WriteString("number", Number);
            w.WriteString("holder", HolderName);
            w.WriteString("holderCode", HolderCode);
            w.WriteString("holderCodeType", HolderCodeType);
            w.WriteString("issuer", IssuerName);
            w.WriteString("issuerCode", IssuerCode);
            w.WriteString("issuedOn", Date(IssuedOn));
            w.WriteString("validFrom", Date(ValidFrom));
            if (ValidUntil is { } until)
            {
                w.WriteString("validUntil", Date(until));
            }
            else
            {
                w.WriteNull("validUntil");
            }

            w.WriteString("jurisdiction", Jurisdiction);
            w.WriteStartObject("data");
            foreach (var (key, value) in Data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
            w.WriteString("kid", KeyId);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Reads canonical bytes back; null when they are not exactly the canonical form of some content.</summary>
    public static LicenceContent? FromCanonicalBytes(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in root.GetProperty("data").EnumerateObject())
            {
                data[p.Name] = p.Value.GetString() ?? throw new FormatException();
            }

            var until = root.GetProperty("validUntil");
            var content = new LicenceContent(S(root, "id"), S(root, "type"), S(root, "typeName"), S(root, "number"), S(root, "holder"), S(root, "holderCode"),
                S(root, "holderCodeType"), S(root, "issuer"), S(root, "issuerCode"), ParseDate(S(root, "issuedOn")), ParseDate(S(root, "validFrom")),
                until.ValueKind == JsonValueKind.Null ? null : ParseDate(until.GetString()!), S(root, "jurisdiction"), data, S(root, "kid"));
            return root.GetProperty("v").GetInt32() == 1 && content.ToCanonicalBytes().AsSpan().SequenceEqual(bytes) ? content : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public string ToCanonicalString() => Encoding.UTF8.GetString(ToCanonicalBytes());

    private static string S(JsonElement root, string name) => root.GetProperty(name).GetString() ?? throw new FormatException();

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The licence's own data fields as stored (a JSON object of strings).</summary>
public static class DataFields
{
    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = p.Value.GetString() ?? "";
        }

        return result;
    }

    public static string Serialize(IReadOnlyDictionary<string, string> data) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(data.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
            new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

/// <summary>
/// The offline-verifiable QR payload: <c>OWL1.</c> + base64url(canonical content bytes) + <c>.</c> + base64url(SM2
/// signature), unpadded. Decoding is strict: a payload that does not re-encode to itself is refused, so no character
/// can change without changing the bytes.
/// </summary>
public static class QrPayload
{
    public const string Prefix = "OWL1.";

    public static string Encode(byte[] content, byte[] signature) => Prefix + Base64Url(content) + "." + Base64Url(signature);

    public static bool TryDecode(string? payload, out byte[] content, out byte[] signature)
    {
        content = [];
        signature = [];
        if (payload == null || !payload.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = payload[Prefix.Length..].Split('.');
        if (parts.Length != 2 || !TryFromBase64Url(parts[0], out content) || !TryFromBase64Url(parts[1], out signature))
        {
            return false;
        }

        return content.Length > 0 && signature.Length > 0;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try
        {
            bytes = Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return false;
        }

        return Base64Url(bytes) == text;
    }
}
