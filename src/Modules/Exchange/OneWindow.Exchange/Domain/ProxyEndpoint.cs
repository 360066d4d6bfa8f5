namespace OneWindow.Exchange.Domain;

/// <summary>
/// Where the exchange fetches a "proxy" resource's rows: the provider's own system, over HTTPS, with a credential the
/// platform keeps (sealed under Exchange:KeyEncryptionKey, bound to the resource code) and sends as one header. Consumer
/// systems never see the provider's address or credential.
/// </summary>
public sealed class ProxyEndpoint
{
    public required string ResourceCode { get; set; }

    public required string Url { get; set; }

    public required string HeaderName { get; set; }

    public required byte[] SecretSealed { get; set; }

    public int TimeoutMilliseconds { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
