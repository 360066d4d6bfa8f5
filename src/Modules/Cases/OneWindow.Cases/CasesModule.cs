using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneWindow.Cases.Data;
using OneWindow.Cases.Features.Bundles;
using OneWindow.Cases.Features.Figures;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Cases.Features.Handling;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Setup;
using OneWindow.Shared.Cases;
using OneWindow.Shared.Data;
using OneWindow.Shared.Http;
using OneWindow.Shared.Messaging;
using OneWindow.Shared.Startup;

namespace OneWindow.Cases;

/// <summary>Registers case handling (办件): applications, the acceptance desk, steps with parallel approval, time
/// limits, the progress query. Needs the catalogue, the calendar (IWorkingCalendar), the file library (IFileLibrary)
/// and the organisation directory from other modules.</summary>
public static class CasesModule
{
    public const string Name = "cases";
    public const string ProgressRateLimit = "cases-progress";

    public static IServiceCollection AddCasesModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Cases").Get<CaseSettings>() ?? new CaseSettings();
        var progressPerMinute = configuration.GetValue("Cases:ProgressPermitPerMinute", 300);
        services.AddModuleDbContext<CasesDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(CasesModule).Assembly));
        services.AddSingleton(settings);
        services.AddScoped<ItemSetups>();
        services.AddScoped<Applications>();
        services.AddScoped<IApplicationStarter, ApplicationStarter>();
        services.AddScoped<ICaseReferences, Features.References.CaseReferences>();
        services.AddScoped<CaseHandling>();
        services.AddScoped<CaseQueries>();
        // Certificate-free service: the registry and licence library are optional ports (features off without them).
        services.AddScoped<ApplicantFactsReader>();
        services.AddScoped<CaseProofs>();
        services.AddScoped<InstantApproval>();
        services.AddScoped<ResultLicences>();
        services.AddSingleton(new CertificateFreeDemoOptions(configuration.GetValue("Catalog:Seed:DemoData", true)));
        services.AddScoped<IStartupTask, CertificateFreeDemoSeeder>();
        services.AddScoped<LifeEvents>();
        services.AddScoped<ReformFigures>();
        // The identity module registers the real messenger; without it, applicants still get in-app notifications.
        services.TryAddSingleton<IApplicantMessenger, NoApplicantMessenger>();
        services.AddRateLimiter(options => options.AddPolicy(ProgressRateLimit, context => PerAddressLimit.PerMinute(context, "progress", progressPerMinute)));
        return services;
    }

    private sealed class NoApplicantMessenger : IApplicantMessenger
    {
        public Task<bool> NotifyAsync(string applicantSubject, string text, CancellationToken ct) => Task.FromResult(false);
    }
}
