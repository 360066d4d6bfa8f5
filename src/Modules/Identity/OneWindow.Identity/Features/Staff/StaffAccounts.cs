using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Security;
using OneWindow.Shared.Startup;

namespace OneWindow.Identity.Features.Staff;

/// <summary>Registers staff accounts: sign-in, administration, the directory, demo seeding and the authorization
/// policies of the back office. The staff sign-in form shares the module's sign-in rate limit
/// (<see cref="IdentityModule.SignInRateLimit"/>, Identity:SignIn:PermitPerMinute).</summary>
public static class StaffAccounts
{
    /// <summary>Any signed-in staff member (the back office's outer door; pages narrow it further).</summary>
    public const string StaffPolicy = "staff";

    /// <summary>Staff who may open the staff directory (<see cref="StaffPermissions.DirectoryRoles"/>).</summary>
    public const string DirectoryPolicy = "staff-directory";

    public static IServiceCollection AddStaffAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<StaffSignIn>();
        services.AddScoped<StaffAdministration>();
        services.AddScoped<StaffQueries>();
        services.AddSingleton(new StaffDemoOptions(configuration.GetValue("Catalog:Seed:DemoData", true)));
        services.AddScoped<IStartupTask, StaffDemoSeeder>();
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff))
            .AddPolicy(DirectoryPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff).RequireRole(StaffPermissions.DirectoryRoles));
        return services;
    }
}
