using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace OneWindow.Identity.Features.Messaging;

/// <summary>Identity:Messaging:HttpSms — an SMS gateway's HTTP API (运营商短信平台 or its adapter).</summary>
public sealed class HttpSmsSettings
{
    /// <summary>Where each message is POSTed as JSON: <c>{"to": "13912345678", "text": "…", "reference": "citizen:12"}</c>.</summary>
    public string? Url { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? Token { get; init; }

    public int TimeoutSeconds { get; init; } = 10;

    public void Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException("Identity:Messaging:Sender includes 'http-sms' but Identity:Messaging:HttpSms:Url is not an http(s) URL (environment variable Identity__Messaging__HttpSms__Url).");
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new InvalidOperationException("Identity:Messaging:Sender includes 'http-sms' but Identity:Messaging:HttpSms:Token is not set (environment variable Identity__Messaging__HttpSms__Token).");
        }

        if (TimeoutSeconds is < 1 or > 120)
        {
            throw new InvalidOperationException("Identity:Messaging:HttpSms:TimeoutSeconds must be 1-120.");
        }
    }
}

/// <summary>The gateway's request body.</summary>
public sealed record SmsGatewayRequest(string To, string Text, string Reference);

/// <summary>Sends "sms" messages by POSTing JSON to the configured gateway with a bearer token. A non-2xx answer, a
/// timeout or a network error is logged with the account and status only (never the phone number or the text, which
/// holds codes) and reported as not sent.</summary>
public sealed class HttpSmsSender(HttpClient http, HttpSmsSettings settings, ILogger<HttpSmsSender> logger) : IMessageSender
{
    public const string ClientName = "identity-sms";

    public bool CanSend => true;

    public bool Sends(string channel) => channel == "sms";

    public async Task SendAsync(MessageToSend message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url)
        {
            Content = JsonContent.Create(new SmsGatewayRequest(message.Destination, message.Body, message.Recipient), options: new(System.Text.Json.JsonSerializerDefaults.Web)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("The SMS gateway did not answer for {Recipient}: {Error}", message.Recipient, e.GetType().Name);
            throw new MessageNotSentException("The SMS gateway did not answer.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The SMS gateway refused the message for {Recipient} with status {Status}", message.Recipient, (int)response.StatusCode);
                throw new MessageNotSentException($"The SMS gateway answered {(int)response.StatusCode}.");
            }
        }
    }
}
