using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Identity.Features.Messaging;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>A host configured with the http-sms sender, as a deployment is: the password-reset code goes to the
/// gateway (a stub handler) and works; a gateway failure is shown as "cannot send now"; neither the phone number nor
/// a code ever reaches the logs.</summary>
public abstract partial class SmsGatewayTests(DbKind kind)
{
    [Fact]
    public async Task Codes_go_through_the_configured_gateway_and_never_into_the_logs()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var gateway = new Gateway();
        var logs = new ListLoggerProvider();
        using var app = new OneWindowApp(database, demoData: false,
            settings: new Dictionary<string, string>
            {
                ["Identity:Messaging:Sender"] = "http-sms",
                ["Identity:Messaging:HttpSms:Url"] = "https://sms.example.test/v1/messages",
                ["Identity:Messaging:HttpSms:Token"] = "gateway-secret-token",
                ["Identity:Codes:ResendSeconds"] = "0",
                ["Logging:LogLevel:Default"] = "Information",
            },
            testServices: services => services.AddHttpClient(HttpSmsSender.ClientName).ConfigurePrimaryHttpMessageHandler(() => gateway),
            configure: builder => builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        await app.WaitUntilReadyAsync();
        var citizen = await RegisterAsync(app);

        var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(client, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber }, "Send")).StatusCode);
        var sent = Assert.Single(gateway.Bodies);
        Assert.Equal("13912345678", sent["to"]!.GetValue<string>());
        Assert.Equal(citizen.Subject, sent["reference"]!.GetValue<string>());
        Assert.Equal("Bearer gateway-secret-token", Assert.Single(gateway.Authorizations));
        var code = SixDigits().Match(sent["text"]!.GetValue<string>()).Value;
        Assert.Empty(app.Messages.Sent);

        var reset = await PostFormAsync(client, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber, ["Code"] = code, ["NewPassword"] = "gateway delivered 9" }, "Reset");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("密码已重置", await reset.Content.ReadAsStringAsync());

        // The gateway fails: the person is told the code cannot be sent now, and the log has the status, not the number.
        gateway.Status = HttpStatusCode.ServiceUnavailable;
        var failed = await PostFormAsync(client, "/signin/reset", new() { ["IdNumber"] = citizen.IdNumber }, "Send");
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Contains("短信服务暂不可用", await failed.Content.ReadAsStringAsync());
        Assert.Equal(2, gateway.Bodies.Count);
        var failedCode = SixDigits().Match(gateway.Bodies[1]["text"]!.GetValue<string>()).Value;
        Assert.Contains("status 503", logs.All);
        foreach (var secret in new[] { "13912345678", code, failedCode, "gateway-secret-token", citizen.IdNumber })
        {
            Assert.DoesNotContain(secret, logs.All);
        }
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();

    private sealed class Gateway : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public List<JsonNode> Bodies { get; } = [];

        public List<string?> Authorizations { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!);
            Authorizations.Add(request.Headers.Authorization?.ToString());
            return new HttpResponseMessage(Status);
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class SmsGatewayTestsOnSqlite() : SmsGatewayTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class SmsGatewayTestsOnPostgres() : SmsGatewayTests(DbKind.Postgres);
