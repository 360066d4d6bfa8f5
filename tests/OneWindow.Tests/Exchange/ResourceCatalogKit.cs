using OneWindow.Shared.Sharing;

namespace OneWindow.Tests.Exchange;

/// <summary>Data resources for the exchange tests: a held table of one provider with a subject, a region and personal
/// items (social insurance enrolments, 社保参保信息).</summary>
internal static class ResourceCatalogKit
{
    public static SharedResource Table(long providerDepartmentId, string sharingClass, string holding = ResourceHoldings.Table)
    {
        var code = "104" + Random.Shared.Next(100, 999) + "/" + Random.Shared.Next(100000, 999999);
        var resource = new SharedResource(Random.Shared.NextInt64(1000, long.MaxValue), code, 1, "社保参保信息 " + code, providerDepartmentId, sharingClass,
            sharingClass == SharingClasses.Conditional ? "限办理社保相关业务" : null,
            sharingClass == SharingClasses.NotShared ? "《社会保险法》第八十一条" : null, OpenClasses.NotOpen, holding, "idNumber", 10,
            [
                new("idNumber", "公民身份号码", ItemTypes.String, ItemMasks.IdNumber),
                new("personName", "姓名", ItemTypes.String, ItemMasks.Name),
                new("phone", "联系电话", ItemTypes.String, ItemMasks.Phone),
                new("orgName", "参保单位", ItemTypes.String, ItemMasks.None),
                new("regionCode", "参保地", ItemTypes.String, ItemMasks.None),
                new("since", "参保日期", ItemTypes.Date, ItemMasks.None),
            ]);
        FakeCatalog.Extra[code] = resource;
        return resource;
    }
}
