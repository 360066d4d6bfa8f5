using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using MimeKit;
using OneWindow.Identity.Features.Messaging;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Identity;

/// <summary>The real senders: SMTP against a tiny SMTP listener on a loopback port, the HTTP SMS gateway against a
/// stub handler; failures are reported and logged without the phone number, address or text (codes).</summary>
public sealed class MessageSenderTests
{
    private const string Phone = "13912345678";
    private const string Code = "483920";
    private static readonly MessageToSend Sms = new("sms", "citizen:42", Phone, "139****5678", $"【一网通办】您的验证码为 {Code}，10分钟内有效。");

    [Fact]
    public async Task The_http_sms_sender_posts_json_with_the_bearer_token()
    {
        var gateway = new StubGateway(HttpStatusCode.OK);
        var logger = new ListLogger<HttpSmsSender>();
        var sender = new HttpSmsSender(new HttpClient(gateway), new HttpSmsSettings { Url = "https://sms.example.test/v1/send", Token = "gateway-token-1" }, logger);

        Assert.True(sender.Sends("sms"));
        Assert.False(sender.Sends("email"));
        await sender.SendAsync(Sms, default);

        var request = Assert.Single(gateway.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://sms.example.test/v1/send", request.Uri);
        Assert.Equal("Bearer gateway-token-1", request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(Phone, body["to"]!.GetValue<string>());
        Assert.Equal(Sms.Body, body["text"]!.GetValue<string>());
        Assert.Equal("citizen:42", body["reference"]!.GetValue<string>());
        Assert.DoesNotContain(Phone, logger.All);
        Assert.DoesNotContain(Code, logger.All);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_gateway_refusal_is_reported_failed_and_logged_without_the_number_or_code(HttpStatusCode status)
    {
        var logger = new ListLogger<HttpSmsSender>();
        var sender = new HttpSmsSender(new HttpClient(new StubGateway(status, echo: true)), new HttpSmsSettings { Url = "https://sms.example.test/send", Token = "t" }, logger);

        await Assert.ThrowsAsync<MessageNotSentException>(() => sender.SendAsync(Sms, default));
        Assert.Contains(((int)status).ToString(), logger.All);
        Assert.Contains("citizen:42", logger.All);
        Assert.DoesNotContain(Phone, logger.All);
        Assert.DoesNotContain(Code, logger.All);
    }

    [Fact]
    public async Task A_gateway_that_does_not_answer_is_reported_failed()
    {
        var logger = new ListLogger<HttpSmsSender>();
        var sender = new HttpSmsSender(new HttpClient(new StubGateway(HttpStatusCode.OK) { Throw = true }), new HttpSmsSettings { Url = "https://sms.example.test/send", Token = "t" }, logger);
        await Assert.ThrowsAsync<MessageNotSentException>(() => sender.SendAsync(Sms, default));
        Assert.DoesNotContain(Phone, logger.All);
    }

    [Fact]
    public async Task The_smtp_sender_delivers_to_the_relay()
    {
        await using var relay = await TinySmtpServer.StartAsync();
        var logger = new ListLogger<SmtpMessageSender>();
        var sender = new SmtpMessageSender(new SmtpSettings { Host = "127.0.0.1", Port = relay.Port, Tls = "none", From = "一网通办 <noreply@onewindow.example>" }, logger);
        Assert.True(sender.Sends("email"));
        Assert.False(sender.Sends("sms"));

        await sender.SendAsync(new MessageToSend("email", "citizen:42", "li.mei@example.cn", "l***@example.cn", "您的办件已受理。"), default);

        var mail = Assert.Single(relay.Received);
        Assert.Equal("<noreply@onewindow.example>", mail.From);
        Assert.Equal(["<li.mei@example.cn>"], mail.To);
        var parsed = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data)));
        Assert.Equal(SmtpMessageSender.Subject, parsed.Subject);
        Assert.Equal("您的办件已受理。", parsed.TextBody?.Trim());
        Assert.Equal("li.mei@example.cn", parsed.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_relay_refusal_is_reported_failed_and_logged_without_the_address()
    {
        await using var relay = await TinySmtpServer.StartAsync(refuseRecipients: true);
        var logger = new ListLogger<SmtpMessageSender>();
        var sender = new SmtpMessageSender(new SmtpSettings { Host = "127.0.0.1", Port = relay.Port, Tls = "none", From = "noreply@onewindow.example" }, logger);

        await Assert.ThrowsAsync<MessageNotSentException>(() => sender.SendAsync(new MessageToSend("email", "citizen:42", "li.mei@example.cn", "l***@example.cn", "验证码 " + Code), default));
        Assert.Contains("citizen:42", logger.All);
        Assert.DoesNotContain("li.mei", logger.All);
        Assert.DoesNotContain(Code, logger.All);
    }

    [Fact]
    public async Task Messages_are_routed_by_channel_and_a_channel_without_a_sender_is_refused()
    {
        var gateway = new StubGateway(HttpStatusCode.OK);
        var router = new RoutingMessageSender([new HttpSmsSender(new HttpClient(gateway), new HttpSmsSettings { Url = "https://sms.example.test/send", Token = "t" }, new ListLogger<HttpSmsSender>())]);
        Assert.True(router.Sends("sms"));
        Assert.False(router.Sends("email"));
        await router.SendAsync(Sms, default);
        Assert.Single(gateway.Requests);
        await Assert.ThrowsAsync<MessageNotSentException>(() => router.SendAsync(Sms with { Channel = "email", Destination = "a@example.cn" }, default));
        Assert.Single(gateway.Requests);
    }

    [Theory]
    [InlineData(null, "Testing")]
    [InlineData("", "Staging")]
    [InlineData(" ", "Production")]
    public void Outside_development_a_sender_must_be_named(string? value, string environment)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MessageSenders.Parse(value, development: false, environment));
        Assert.Contains("Identity:Messaging:Sender", error.Message);
        Assert.Contains(environment, error.Message);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Testing")]
    [InlineData("Production")]
    public void The_dev_outbox_is_refused_outside_development(string environment)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MessageSenders.Parse("dev-outbox", development: false, environment));
        Assert.Contains("Identity:Messaging:Sender", error.Message);
        Assert.Contains("Development only", error.Message);
    }

    [Fact]
    public void Sender_names_are_checked()
    {
        Assert.Equal(["dev-outbox"], MessageSenders.Parse(null, development: true, "Development"));
        Assert.Equal(["http-sms", "smtp"], MessageSenders.Parse("http-sms, SMTP", development: false, "Production"));
        Assert.Equal(["discard"], MessageSenders.Parse("discard", development: false, "Staging"));
        Assert.Contains("unknown sender 'none'", Assert.Throws<InvalidOperationException>(() => MessageSenders.Parse("none", false, "Production")).Message);
        Assert.Throws<InvalidOperationException>(() => MessageSenders.Parse("dev-outbox,smtp", true, "Development"));
        Assert.Contains("Identity:Messaging:HttpSms:Url", Assert.Throws<InvalidOperationException>(() => new HttpSmsSettings { Token = "t" }.Validate()).Message);
        Assert.Contains("Identity:Messaging:HttpSms:Token", Assert.Throws<InvalidOperationException>(() => new HttpSmsSettings { Url = "https://sms.example.test/" }.Validate()).Message);
        Assert.Contains("Identity:Messaging:Smtp:Host", Assert.Throws<InvalidOperationException>(() => new SmtpSettings { From = "a@example.cn" }.Validate()).Message);
        Assert.Contains("Identity:Messaging:Smtp:From", Assert.Throws<InvalidOperationException>(() => new SmtpSettings { Host = "mail.example.cn" }.Validate()).Message);
        Assert.Contains("Tls", Assert.Throws<InvalidOperationException>(() => new SmtpSettings { Host = "mail.example.cn", From = "a@example.cn", Tls = "ssl3" }.Validate()).Message);
    }

    private sealed record SeenRequest(HttpMethod Method, string Uri, string? Authorization, string? ContentType, string Body);

    private sealed class StubGateway(HttpStatusCode status, bool echo = false) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        public bool Throw { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Throw)
            {
                throw new HttpRequestException("connection refused");
            }

            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Requests.Add(new SeenRequest(request.Method, request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), request.Content.Headers.ContentType?.MediaType, body));
            // A gateway that echoes the request in its error must not get the number into the logs either.
            return new HttpResponseMessage(status) { Content = new StringContent(echo ? "bad request: " + body : "{}") };
        }
    }
}

/// <summary>Just enough SMTP (RFC 5321, no TLS, no AUTH) on a loopback port to receive messages in a test.</summary>
internal sealed class TinySmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly bool refuseRecipients;
    private Task? loop;

    private TinySmtpServer(bool refuseRecipients) => this.refuseRecipients = refuseRecipients;

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public List<ReceivedMail> Received { get; } = [];

    public sealed record ReceivedMail(string From, List<string> To, string Data);

    public static Task<TinySmtpServer> StartAsync(bool refuseRecipients = false)
    {
        var server = new TinySmtpServer(refuseRecipients);
        server.listener.Start();
        server.loop = server.AcceptAsync();
        return Task.FromResult(server);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                await ServeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 tiny.test ESMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync(stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-tiny.test");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 tiny.test");
                    break;
                case "MAIL":
                    from = line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0];
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    if (refuseRecipients)
                    {
                        await writer.WriteLineAsync("550 5.1.1 " + line[(line.IndexOf(':') + 1)..].Trim() + " mailbox unavailable");
                        break;
                    }

                    to.Add(line[(line.IndexOf(':') + 1)..].Trim());
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    Received.Add(new ReceivedMail(from, [.. to], data.ToString()));
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "RSET":
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        if (loop != null)
        {
            try { await loop; } catch (Exception) { }
        }

        stop.Dispose();
    }
}
