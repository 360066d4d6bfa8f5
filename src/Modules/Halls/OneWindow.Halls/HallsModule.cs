using Microsoft.Extensions.DependencyInjection;
using OneWindow.Halls.Data;
using OneWindow.Halls.Features.Appointments;
using OneWindow.Halls.Features.Desk;
using OneWindow.Halls.Features.Halls;
using OneWindow.Halls.Features.Seeding;
using OneWindow.Halls.Features.Slots;
using OneWindow.Shared.Data;
using OneWindow.Shared.Security;
using OneWindow.Shared.Startup;

namespace OneWindow.Halls;

/// <summary>Registers the service halls and appointments (线上线下, 预约办理) module. It registers nothing for
/// <see cref="OneWindow.Shared.Calendar.IWorkingCalendar"/> (the calendar module does) and reads catalogue items
/// through <see cref="OneWindow.Shared.Catalog.IPublishedItems"/>.</summary>
public static class HallsModule
{
    public const string Name = "halls";

    /// <summary>Signed-in citizens (also when acting for an enterprise).</summary>
    public const string CitizenPolicy = "halls-citizen";

    /// <summary>Any staff session; what each may do is decided per hall by <see cref="Features.HallAccess"/>.</summary>
    public const string StaffPolicy = "halls-staff";

    public static IServiceCollection AddHallsModule(this IServiceCollection services, DatabaseSettings database, bool demoData)
    {
        services.AddModuleDbContext<HallsDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(HallsModule).Assembly));
        services.AddSingleton(new HallsDemoOptions(demoData));
        services.AddScoped<HallDirectory>();
        services.AddScoped<SlotGenerator>();
        services.AddScoped<AppointmentBook>();
        services.AddScoped<HallDesk>();
        services.AddScoped<IStartupTask, HallsDemoSeeder>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CitizenPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindCitizen))
            .AddPolicy(StaffPolicy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff));
        return services;
    }
}
