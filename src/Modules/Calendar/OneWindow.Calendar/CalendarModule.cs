using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Calendar.Data;
using OneWindow.Calendar.Features.Cache;
using OneWindow.Calendar.Features.Editing;
using OneWindow.Calendar.Features.Seeding;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Data;
using OneWindow.Shared.Security;
using OneWindow.Shared.Startup;

namespace OneWindow.Calendar;

/// <summary>Registers the working-day calendar (工作日历): its tables, the reference-data seeder, the in-memory
/// <see cref="IWorkingCalendar"/> every module counts time limits with, the editor and the admin policy.</summary>
public static class CalendarModule
{
    public const string Name = "calendar";

    /// <summary>Platform administrators: replace a year's table (API and /admin/calendar).</summary>
    public const string AdminPolicy = "calendar-admin";

    public static IServiceCollection AddCalendarModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration)
    {
        var options = configuration.GetSection(CalendarOptions.Section).Get<CalendarOptions>() ?? new CalendarOptions();
        services.AddSingleton(options);
        services.AddModuleDbContext<CalendarDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(CalendarModule).Assembly));
        services.AddSingleton<CachedWorkingCalendar>();
        services.AddSingleton<IWorkingCalendar>(sp => sp.GetRequiredService<CachedWorkingCalendar>());
        services.AddScoped<CalendarEditor>();
        services.AddScoped<IStartupTask, CalendarSeeder>();
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(StaffRoles.PlatformAdmin));
        return services;
    }
}
