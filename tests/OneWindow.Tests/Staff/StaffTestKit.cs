using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Data;
using OneWindow.Audit.Domain;
using OneWindow.Identity.Features.Staff;
using OneWindow.Tests.Catalog;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Staff;

/// <summary>Helpers for the staff tests: accounts made by the platform itself, catalogue items in a given
/// department, the principal a session carries, and the audit entries about an account.</summary>
public static class StaffTestKit
{
    /// <summary>An account created through the staff service (as the platform), not signed in.</summary>
    public static async Task<CreatedStaff> CreateAsync(OneWindowApp app, string departmentKey, string? regionCode = null, params string[] roles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var userName = "u" + Guid.NewGuid().ToString("N")[..16];
        var outcome = await scope.ServiceProvider.GetRequiredService<StaffAdministration>()
            .CreateAsync(new CreateStaffRequest(userName, "测试 " + userName, departmentKey, regionCode, roles), StaffActor.System, default);
        return outcome.Value ?? throw new InvalidOperationException($"{outcome.Failure?.Code}: {outcome.Failure?.Detail}");
    }

    /// <summary>A draft item in the department (created by a platform admin), optionally submitted for review.</summary>
    public static async Task<long> ItemAsync(HttpClient admin, string departmentKey, bool submitted)
    {
        var response = await Json.PostAsync(admin, "/api/v1/catalog/items", new { departmentKey, guide = TestGuides.Valid() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await Json.ReadAsync(response))["id"]!.GetValue<long>();
        if (submitted)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/catalog/items/{id}/submit", null)).StatusCode);
        }

        return id;
    }

    public static Task<JsonNode> MeAsync(HttpClient client) => Json.GetAsync(client, "/api/v1/staff/me");

    public static Task<List<AuditEntry>> AuditAboutAsync(OneWindowApp app, long staffId) => app.QueryAsync<AuditDbContext, List<AuditEntry>>(db =>
    {
        var id = staffId.ToString(CultureInfo.InvariantCulture);
        return db.Entries.AsNoTracking().Where(e => e.TargetType == "staff" && e.TargetId == id).OrderBy(e => e.Seq).ToListAsync();
    });

    public static async Task<HttpStatusCode> StatusAsync(Task<HttpResponseMessage> request) => (await request).StatusCode;
}
