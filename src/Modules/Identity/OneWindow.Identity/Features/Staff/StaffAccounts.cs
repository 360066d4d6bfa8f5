using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Security;
using OneWindow.Shared.Startup;

namespace OneWindow.Identity.Features.Staff;

/// <summary>Registers staff accounts: sign-in, administration, the directory, demo seeding, the sign-in rate limit and
/// the authorization policies of the back office.</summary>
public static class StaffAccounts
{
    public const string SignInRateLimit = "identity-staff-signin";

    /// <summary>Any signed-in staff member (the back office's outer door; pages narrow it further).</summary>
    public const string StaffPolicy = "staff";

    /// <summary>Staff who may open the staff directory (<see cref="StaffPermissions.DirectoryRoles"/>).</summary>
    public const string DirectoryPolicy = "staff-directory";

    public static IServiceCollection AddStaffAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // Per address and generous: a whole office signs in from behind one NAT address at nine o'clock. Lockout
        // (Identity:SignIn) is what stops guessing one account's password.
        var perMinute = configuration.GetValue("Identity:StaffSignIn:PermitPerMinute", 30);
        services.AddScoped<StaffSignIn>();
        services.AddScoped<StaffAdministration>();
        services.AddScoped<StaffQueries>();
        services.AddSingleton(new StaffDemoOptions(configuration.GetValue("Catalog:Seed:DemoData", true)));
        services.AddScoped<IStartupTask, StaffDemoSeeder>();
        services.AddRateLimiter(options => options.AddPolicy(SignInRateLimit, context =>
            HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString(),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("")));
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff))
            .AddPolicy(DirectoryPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff).RequireRole(StaffPermissions.DirectoryRoles));
        return services;
    }
}
