using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using OneWindow.Identity.Data;
using OneWindow.Shared.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Identity.Protection.KeyRing;

/// <summary>
/// One data-protection key ring for every node on the database, so a session cookie or a form's antiforgery token
/// issued by one node is accepted by any other (the framework's default keeps the ring per machine, in
/// ~/.aspnet/DataProtection-Keys). Keys live in identity_data_protection_keys, their master keys sealed under
/// Identity:DataProtection:KeyRingKey; the application name is fixed so nodes installed in different folders agree.
/// </summary>
public static class SharedKeyRing
{
    /// <summary>The data-protection application name of every node: part of every purpose, so it must never change
    /// (cookies and tokens issued under another name are not accepted).</summary>
    public const string ApplicationName = "OneWindow";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, DatabaseSettings database, KeyRingCipher cipher)
    {
        services.AddModuleDbContext<KeyRingDbContext>(database);
        services.AddSingleton(cipher);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<KeyRingDbContext>();
        // After PersistKeysToDbContext has set the repository: wrap it, and seal every new key.
        services.AddOptions<KeyManagementOptions>().PostConfigure(options =>
        {
            options.XmlRepository = new CheckedKeyRingRepository(options.XmlRepository!, cipher);
            options.XmlEncryptor = new KeyRingEncryptor(cipher);
        });
        services.AddScoped<IStartupTask, KeyRingStartupTask>();
        return services;
    }
}
