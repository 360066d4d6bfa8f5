using System.Globalization;
using System.Reflection;
using OneWindow.Shared.Messages;

namespace OneWindow.Tests.Platform;

/// <summary>Every converted module's catalogue (and the host's) loads, and each message reads in both languages.</summary>
public sealed class MessageCatalogTests
{
    public static TheoryData<string> Assemblies => new(Catalogued.Keys);

    // A type of each assembly that embeds a Messages.json; a module joins this list when it moves to Failure/catalogue.
    private static readonly Dictionary<string, Assembly> Catalogued = new[]
    {
        typeof(OneWindow.Catalog.Features.Editing.CatalogEditor).Assembly,
        typeof(OneWindow.Halls.Features.Appointments.AppointmentBook).Assembly,
        typeof(OneWindow.Calendar.Features.Editing.CalendarEditor).Assembly,
        typeof(OneWindow.Files.Features.Checks.UploadChecks).Assembly,
        typeof(OneWindow.Licences.Features.LicenceActor).Assembly,
        typeof(OneWindow.Identity.Features.Citizens.CitizenRegistration).Assembly,
        typeof(OneWindow.Integration.Subscriptions.WebhookSubscriptions).Assembly,
        typeof(OneWindow.Registry.Features.Ingest.RegistryIngest).Assembly,
        typeof(OneWindow.Web.Infrastructure.ProblemDetailsSetup).Assembly,
    }.ToDictionary(a => a.GetName().Name!);

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_catalogue_has_every_message_in_chinese_and_english(string assembly)
    {
        var catalog = MessageCatalog.Of(Catalogued[assembly]);

        Assert.NotEmpty(catalog.Codes);
        var prefix = catalog.Codes.First().Split('.')[0];
        foreach (var code in catalog.Codes)
        {
            Assert.StartsWith(prefix + ".", code, StringComparison.Ordinal);
            var (zh, en) = catalog.Both(code);
            Assert.False(string.IsNullOrWhiteSpace(zh), code);
            Assert.False(string.IsNullOrWhiteSpace(en), code);
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", en);
        }
    }

    [Fact]
    public void The_text_follows_the_ui_culture()
    {
        var catalog = MessageCatalog.Of(Catalogued["OneWindow.Halls"]);
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var english = catalog.Text("halls.too_long", 40);
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var chinese = catalog.Text("halls.too_long", 40);

            Assert.Equal("At most 40 characters", english);
            Assert.Equal("最多 40 个字符", chinese);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
