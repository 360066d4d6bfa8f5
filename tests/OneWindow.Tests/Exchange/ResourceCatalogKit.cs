using Microsoft.Extensions.DependencyInjection;
using OneWindow.DataCatalog.Features.Editing;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Exchange;

/// <summary>Data resources for the exchange tests, registered and published through the real data resource catalogue:
/// a table of one provider with a subject, a region and personal items (社保参保信息).</summary>
internal static class ResourceCatalogKit
{
    private static readonly PlatformPrincipal Editor = Admin("staff:990001");
    private static readonly PlatformPrincipal Reviewer = Admin("staff:990002");

    public static async Task<SharedResource> TableAsync(OneWindowApp app, string providerKey, string sharingClass, string holding = ResourceHoldings.Table)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var editor = scope.ServiceProvider.GetRequiredService<ResourceEditor>();
        var created = await editor.CreateAsync(new ResourceInput(
            Classification: "304001",
            Name: "社保参保信息" + Guid.NewGuid().ToString("N")[..6],
            ProviderDepartment: providerKey,
            Summary: "参保人员的参保单位、参保地与参保日期",
            Format: "database",
            Items:
            [
                new ItemInput("idNumber", "公民身份号码", ItemTypes.String, ItemMasks.IdNumber),
                new ItemInput("personName", "姓名", ItemTypes.String, ItemMasks.Name),
                new ItemInput("phone", "联系电话", ItemTypes.String, ItemMasks.Phone),
                new ItemInput("orgName", "参保单位", ItemTypes.String, ItemMasks.None),
                new ItemInput("regionCode", "参保地", ItemTypes.String, ItemMasks.None),
                new ItemInput("since", "参保日期", ItemTypes.Date, ItemMasks.None),
            ],
            SubjectItem: "idNumber",
            Holding: holding,
            SharingClass: sharingClass,
            SharingConditions: sharingClass == SharingClasses.Conditional ? "限办理社保相关业务" : null,
            NotSharedBasis: sharingClass == SharingClasses.NotShared ? "《社会保险法》第八十一条" : null,
            SharingMethod: "api",
            OpenClass: OpenClasses.NotOpen,
            UpdateCycle: "daily"), Editor, default);
        Assert.True(created.Succeeded, created.Failure?.Detail);
        var key = created.Value!.Id.ToString();
        var submitted = await editor.SubmitAsync(key, Editor, default);
        Assert.True(submitted.Succeeded, submitted.Failure?.Detail);
        var published = await editor.PublishAsync(submitted.Value!.Code!, Reviewer, default);
        Assert.True(published.Succeeded, published.Failure?.Detail);
        return (await scope.ServiceProvider.GetRequiredService<IDataResourceCatalog>().PublishedAsync(published.Value!.Code!, default))!;
    }

    private static PlatformPrincipal Admin(string subject) =>
        new(subject, PlatformClaims.KindStaff, "目录测试", null, null, new HashSet<string> { StaffRoles.PlatformAdmin }, null, null);
}
