using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Applicants;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Identity.Features.Enterprises;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.ApiKeys;
using OneWindow.Identity.Features.Codes;
using OneWindow.Identity.Features.Messaging;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Features.Staff;
using OneWindow.Identity.Protection;
using OneWindow.Identity.Protection.KeyRing;
using OneWindow.Shared.Data;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Startup;
using OneWindow.Shared.Http;
using OneWindow.Shared.Messaging;
using OneWindow.Shared.Security;

namespace OneWindow.Identity;

/// <summary>Registers the unified identity (统一身份认证) module: citizens and enterprises, the keys that protect
/// their data, the data-protection key ring every node shares (sessions, antiforgery), and the registration rate
/// limit. Missing or malformed keys stop start-up with a message.</summary>
public static class IdentityModule
{
    public const string Name = "identity";
    public const string RegistrationRateLimit = "identity-registration";

    /// <summary>POSTs that check a password or a code, or send one (sign-in, second factor, code requests, reset).</summary>
    public const string SignInRateLimit = "identity-signin";
    public const string PlatformAdminRole = "platform_admin";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration, IHostEnvironment environment, AtRestKeys atRestKeys)
    {
        var keys = IdentityKeys.Load(atRestKeys);
        var keyRing = KeyRingCipher.Load(atRestKeys, keys);
        var perMinute = configuration.GetValue("Identity:Registration:PermitPerMinute", 10);
        var signInPerMinute = configuration.GetValue("Identity:SignIn:PermitPerMinute", 30);
        services.AddModuleDbContext<IdentityDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(IdentityModule).Assembly));
        services.AddSingleton(keys);
        services.AddSharedKeyRing(database, keyRing);
        services.AddSingleton<IdentityProtector>();
        services.AddSingleton<IPasswordHasher<IHasCredentials>, PasswordHasher<IHasCredentials>>();
        services.AddSingleton(configuration.GetSection("Identity:SignIn").Get<SignInSettings>() ?? new SignInSettings());
        services.AddScoped<CredentialGuard>();
        services.AddSingleton(configuration.GetSection("Identity:Codes").Get<CodeSettings>() ?? new CodeSettings());
        services.AddScoped<OneTimeCodes>();
        services.AddScoped<CitizenAccounts>();
        services.AddScoped<InPersonVerification>();
        services.AddScoped<AccountDirectory>();
        services.AddScoped<TotpEnrollment>();
        services.AddScoped<EnterpriseAgents>();
        services.AddScoped<Features.Sessions.AccountSessions>();
        services.AddScoped<IAccountSessions>(s => s.GetRequiredService<Features.Sessions.AccountSessions>());
        services.AddScoped<Features.Sessions.SessionCookie>();
        services.AddHttpContextAccessor();
        // Development keeps messages on /dev/outbox; every other environment must name real senders (or discard).
        services.AddMessageSenders(configuration, environment);
        services.AddApiKeys(configuration);

        services.AddScoped<IApplicantMessenger, ApplicantMessenger>();
        services.AddScoped<IApplicantDirectory, ApplicantDirectory>();
        services.AddScoped<IStaffDirectory, StaffDirectory>();
        services.AddScoped<CitizenRegistration>();
        services.AddScoped<EnterpriseRegistration>();
        services.AddStaffAccounts(configuration);
        services.AddScoped<IStartupTask, DemoCitizenSeeder>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(RegistrationRateLimit, context => PostsPerAddress(context, "register", perMinute));
            options.AddPolicy(SignInRateLimit, context => PostsPerAddress(context, "signin", signInPerMinute));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // No body here: the host's status-code pages answer a problem document on the API and a readable page elsewhere.
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>API keys (Features/ApiKeys): the "ApiKey" authentication scheme, the per-key rate limit, the service.</summary>
    private static void AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Identity:ApiKeys").Get<ApiKeySettings>() ?? new ApiKeySettings();
        services.AddSingleton(settings);
        services.AddScoped<ApiKeyService>();
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyHandler>(PlatformAuthentication.ApiKeyScheme, null);
        services.AddRateLimiter(options => options.AddPolicy(PlatformAuthentication.ApiKeyRateLimit, new ApiKeyRateLimitPolicy(settings)));
    }

    /// <summary>A fixed one-minute window per client address, POSTs only (showing a form is free). Behind a proxy,
    /// configure forwarded headers so RemoteIpAddress is the caller's.</summary>
    private static RateLimitPartition<string> PostsPerAddress(HttpContext context, string policy, int perMinute) =>
        HttpMethods.IsPost(context.Request.Method) ? PerAddressLimit.PerMinute(context, policy, perMinute) : RateLimitPartition.GetNoLimiter("");
}
