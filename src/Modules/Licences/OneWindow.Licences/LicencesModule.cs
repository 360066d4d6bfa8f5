using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Licences.Data;
using OneWindow.Licences.Features.Holding;
using OneWindow.Licences.Features.Import;
using OneWindow.Licences.Features.Issuing;
using OneWindow.Licences.Features.Keys;
using OneWindow.Licences.Features.Seeding;
using OneWindow.Licences.Features.Sharing;
using OneWindow.Licences.Features.Verification;
using OneWindow.Licences.Signing;
using OneWindow.Shared.Data;
using OneWindow.Shared.Http;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Startup;
using OneWindow.Shared.Security;

namespace OneWindow.Licences;

/// <summary>Registers the e-licence library (电子证照库, docs/licences.md): licence types, issuing agencies and their SM2
/// keys, licences (ILicenceLibrary), verification, import, sharing grants and /api/v1/licences.</summary>
public static class LicencesModule
{
    public const string Name = "licences";

    /// <summary>Rate limit of the public verification API and page, per client address.</summary>
    public const string VerifyRateLimit = "licences-verify";

    public static IServiceCollection AddLicencesModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration, AtRestKeys keys, bool demoData)
    {
        services.AddModuleDbContext<LicencesDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(LicencesModule).Assembly));
        services.AddSingleton(KeyProtector.Load(keys));
        services.AddSingleton(new LicencesDemoOptions(demoData));
        services.AddScoped<AgencyKeys>();
        services.AddScoped<KeyAdministration>();
        services.AddScoped<LicenceVerifier>();
        services.AddScoped<LicenceLibrary>();
        services.AddScoped<ILicenceLibrary>(sp => sp.GetRequiredService<LicenceLibrary>());
        services.AddScoped<LicenceStateChanges>();
        services.AddScoped<LicenceImport>();
        services.AddScoped<HolderLicences>();
        services.AddScoped<ShareGrants>();
        services.AddScoped<IStartupTask, LicenceReferenceSeeder>();
        services.AddScoped<IStartupTask, LicencesDemoSeeder>();
        var perMinute = configuration.GetValue("Licences:VerifyPermitPerMinute", 120);
        services.AddRateLimiter(options => options.AddPolicy(VerifyRateLimit, context => PerAddressLimit.PerMinute(context, "licence-verify", perMinute)));
        return services;
    }
}
