using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneWindow.Integration.Domain;

namespace OneWindow.Integration.Dispatch;

/// <summary>The wire format of a webhook: the JSON envelope and the HMAC signature over "{timestamp}.{body}"
/// (docs/integration-webhooks.md).</summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "X-OneWindow-Event-Id";
    public const string EventTypeHeader = "X-OneWindow-Event-Type";
    public const string TimestampHeader = "X-OneWindow-Timestamp";
    public const string SignatureHeader = "X-OneWindow-Signature";

    /// <summary>"sha256=" and the lower-case hex HMAC-SHA256 of "{timestamp}.{body}" under the secret.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var input = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input));
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string timestamp, string body, string signature)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>{ "id", "type", "occurredAt", "subject", "departmentId", "data" }; data is the stored payload as it is.</summary>
    public static string Envelope(OutboxMessage message)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", message.EventId.ToString("D"));
            writer.WriteString("type", message.Type);
            writer.WriteString("occurredAt", message.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("subject", message.Subject);
            if (message.DepartmentId is { } department)
            {
                writer.WriteNumber("departmentId", department);
            }
            else
            {
                writer.WriteNull("departmentId");
            }

            writer.WritePropertyName("data");
            writer.WriteRawValue(message.PayloadJson);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
