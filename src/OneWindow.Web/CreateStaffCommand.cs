using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Web;

/// <summary>
/// `dotnet run --project src/OneWindow.Web -- create-staff USERNAME DEPARTMENT-KEY ROLE [ROLE…]` creates a staff account
/// as the platform itself and prints its one-time initial password: how the first platform admin of a database without
/// demo data comes to exist. Brings the schema up to date first, exactly as a start-up does, with the same configuration
/// (connection string, keys) as the app.
/// </summary>
internal static class CreateStaffCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: create-staff USERNAME DEPARTMENT-KEY ROLE [ROLE…]   roles: " + string.Join(", ", OneWindow.Shared.Security.StaffRoles.All));
            return 2;
        }

        await using var app = OneWindowHost.Build([.. args.Skip(4).Where(a => a.StartsWith("--", StringComparison.Ordinal))]);
        await using var scope = app.Services.CreateAsyncScope();
        await using (await StartupLock.AcquireAsync(scope.ServiceProvider.GetRequiredService<DatabaseSettings>(), default))
        {
            await scope.ServiceProvider.GetRequiredService<MigrationRunner>().ApplyAsync();
            foreach (var task in StartupOrder.Sort(scope.ServiceProvider.GetServices<IStartupTask>()))
            {
                await task.RunAsync(default);
            }
        }

        var roles = args.Skip(3).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var outcome = await scope.ServiceProvider.GetRequiredService<StaffAdministration>()
            .CreateAsync(new CreateStaffRequest(args[1], args[1], args[2], null, roles), StaffActor.System, default);
        if (!outcome.Succeeded)
        {
            var failure = outcome.Failure!;
            Console.Error.WriteLine($"not created ({failure.Code}): {string.Join("; ", failure.Errors?.Select(e => $"{e.Key}: {e.Value[0]}") ?? [failure.Detail])}");
            return 1;
        }

        // The password goes to the terminal of whoever ran the command, and nowhere else.
        Console.WriteLine($"created {outcome.Value!.Staff.UserName} (staff:{outcome.Value.Staff.Id}); one-time initial password: {outcome.Value.InitialPassword}");
        return 0;
    }
}
