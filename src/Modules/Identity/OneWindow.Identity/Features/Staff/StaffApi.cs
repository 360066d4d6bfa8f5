using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Features.Staff;

/// <summary>/api/v1/staff: the signed-in staff member's own principal, and the staff directory with account
/// administration. Every call needs a staff session; what each caller may see and change is decided per account
/// by <see cref="StaffPermissions"/> (403 problem otherwise).</summary>
public static class StaffApi
{
    private const string Rules =
        " Platform admins may do anything; a department admin manages its own department's accounts (not admin accounts) and grants only window_officer, reviewer and catalog_editor there; supervisors and data admins read the accounts of their GB/T 2260 division and below; nobody changes their own account. Without a staff session: 401; outside the caller's scope: 403.";

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff").WithTags("Staff").RequireAuthorization(StaffAccounts.StaffPolicy).RequireScopes(IdentityScopes.StaffRead, IdentityScopes.StaffWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/me", Me).RequireScope("openid", "profile", IdentityScopes.StaffRead).WithName("GetSignedInStaff").WithSummary("The signed-in staff member: department, division and roles")
            .Produces<StaffMeResponse>()
            .WithDescription("What every permission check sees: the department (catalogue department id), the GB/T 2260 division region roles reach from, and the roles. Any staff session.");

        var directory = group.MapGroup("").RequireAuthorization(StaffAccounts.DirectoryPolicy);
        directory.MapGet("", List).WithName("ListStaff").WithSummary("List staff accounts in user-name order (keyset paging)")
            .Produces<StaffListResponse>().ProducesValidationProblem()
            .WithDescription("Filters: `department` (department key), `region` (GB/T 2260 code, includes divisions below). `after` is the nextCursor of the previous page; `pageSize` 1-100 (default 50). A filter outside the caller's scope is refused with 403, never answered with an empty page." + Rules);
        directory.MapGet("/{id:long}", Get).WithName("GetStaff").WithSummary("One staff account")
            .Produces<StaffResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        directory.MapPost("", Create).WithName("CreateStaff").WithSummary("Create a staff account with a one-time initial password")
            .Produces<CreatedStaffResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("userName: 3-50 characters, lower-case latin letters, digits, dot, dash, underscore (stored lower-case). displayName: up to 100 characters. departmentKey: a catalogue department. regionCode: a current GB/T 2260 division inside the department's (empty = the department's). roles: any of window_officer, reviewer, department_admin, catalog_editor, catalog_reviewer, data_admin, supervisor, platform_admin. The answer carries initialPassword once; it is stored hashed only. 409 when the user name is taken." + Rules);
        directory.MapPost("/{id:long}/disable", (long id, ClaimsPrincipal user, StaffAdministration admin, IOrganisationDirectory org, CancellationToken ct) =>
                RespondAsync(admin.SetDisabledAsync(id, true, ActorOf(user), ct), org, ct))
            .WithName("DisableStaff").WithSummary("Disable an account: it cannot sign in and its sessions end").Produces<StaffResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription(Rules.Trim());
        directory.MapPost("/{id:long}/enable", (long id, ClaimsPrincipal user, StaffAdministration admin, IOrganisationDirectory org, CancellationToken ct) =>
                RespondAsync(admin.SetDisabledAsync(id, false, ActorOf(user), ct), org, ct))
            .WithName("EnableStaff").WithSummary("Enable a disabled account").Produces<StaffResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription(Rules.Trim());
        directory.MapPost("/{id:long}/password-reset", ResetPassword).WithName("ResetStaffPassword")
            .WithSummary("Replace the password with a one-time initial password (also lifts a lockout)")
            .Produces<PasswordResetResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        directory.MapPut("/{id:long}/roles/{role}", (long id, string role, ClaimsPrincipal user, StaffAdministration admin, IOrganisationDirectory org, CancellationToken ct) =>
                RespondAsync(admin.GrantAsync(id, role, ActorOf(user), ct), org, ct))
            .WithName("GrantStaffRole").WithSummary("Grant a role (idempotent)").Produces<StaffResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Audited as identity.staff.role_granted in the same transaction." + Rules);
        directory.MapDelete("/{id:long}/roles/{role}", (long id, string role, ClaimsPrincipal user, StaffAdministration admin, IOrganisationDirectory org, CancellationToken ct) =>
                RespondAsync(admin.RevokeAsync(id, role, ActorOf(user), ct), org, ct))
            .WithName("RevokeStaffRole").WithSummary("Revoke a role (idempotent)").Produces<StaffResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Audited as identity.staff.role_revoked in the same transaction." + Rules);
        return app;
    }

    private static StaffActor ActorOf(ClaimsPrincipal user) =>
        StaffActor.From(PlatformPrincipal.From(user)) ?? throw new InvalidOperationException("The staff policy admits staff only.");

    private static async Task<IResult> Me(ClaimsPrincipal user, IOrganisationDirectory org, CancellationToken ct)
    {
        var principal = PlatformPrincipal.From(user)!;
        var department = principal.DepartmentId is { } id ? await org.DepartmentAsync(id, ct) : null;
        return TypedResults.Ok(new StaffMeResponse(principal.Subject, principal.Name, principal.DepartmentId, department?.Key, principal.RegionCode,
            StaffRoles.All.Where(principal.Roles.Contains).ToList()));
    }

    private static async Task<IResult> List(string? department, string? region, string? after, int? pageSize, ClaimsPrincipal user,
        StaffQueries queries, IOrganisationDirectory org, CancellationToken ct)
    {
        var errors = new OneWindow.Shared.Http.ValidationErrors();
        OrgDepartment? filterDepartment = null;
        if (department != null && (department.Length > 40 || (filterDepartment = await org.DepartmentByKeyAsync(department, ct)) == null))
        {
            errors.Add("department", IdentityText.T("identity.department_unknown"));
        }

        if (region != null && (region.Length != 6 || !region.All(char.IsAsciiDigit)))
        {
            errors.Add("region", IdentityText.T("identity.region_format"));
        }

        string? afterName = null;
        if (after != null && !StaffCursor.TryDecode(after, out afterName))
        {
            errors.Add("after", IdentityText.T("identity.cursor_invalid"));
        }

        if (pageSize is < 1 or > StaffQueries.MaxPageSize)
        {
            errors.Add("pageSize", IdentityText.T("identity.page_size", StaffQueries.MaxPageSize));
        }

        if (!errors.IsValid)
        {
            return IdentityText.Invalid(errors, "identity.query_invalid").ToProblem();
        }

        var outcome = await queries.ListAsync(new StaffListFilter(filterDepartment?.Id, region, afterName, pageSize ?? 50), ActorOf(user), ct);
        if (!outcome.Succeeded)
        {
            return Failure(outcome);
        }

        var departments = await DepartmentsAsync(org, ct);
        return TypedResults.Ok(new StaffListResponse(outcome.Value!.Rows.Select(r => StaffResponse.From(r, departments)).ToList(), outcome.Value.NextAfter));
    }

    private static async Task<IResult> Get(long id, ClaimsPrincipal user, StaffQueries queries, IOrganisationDirectory org, CancellationToken ct)
    {
        var outcome = await queries.GetAsync(id, ActorOf(user), ct);
        return outcome.Succeeded ? TypedResults.Ok(StaffResponse.From(outcome.Value!, await DepartmentsAsync(org, ct))) : Failure(outcome);
    }

    private static async Task<IResult> Create(CreateStaffRequest body, ClaimsPrincipal user, StaffAdministration admin, IOrganisationDirectory org, HttpContext http, CancellationToken ct)
    {
        var outcome = await admin.CreateAsync(body, ActorOf(user), ct);
        if (!outcome.Succeeded)
        {
            return Failure(outcome);
        }

        NoStore(http);
        var created = outcome.Value!;
        return TypedResults.Created($"/api/v1/staff/{created.Staff.Id}",
            new CreatedStaffResponse(StaffResponse.From(created.Staff, await DepartmentsAsync(org, ct)), created.InitialPassword));
    }

    private static async Task<IResult> ResetPassword(long id, ClaimsPrincipal user, StaffAdministration admin, IOrganisationDirectory org, HttpContext http, CancellationToken ct)
    {
        var outcome = await admin.ResetPasswordAsync(id, ActorOf(user), ct);
        if (!outcome.Succeeded)
        {
            return Failure(outcome);
        }

        NoStore(http);
        return TypedResults.Ok(new PasswordResetResponse(StaffResponse.From(outcome.Value!.Staff, await DepartmentsAsync(org, ct)), outcome.Value.InitialPassword));
    }

    private static async Task<IResult> RespondAsync(Task<Outcome<StaffView>> pending, IOrganisationDirectory org, CancellationToken ct)
    {
        var outcome = await pending;
        return outcome.Succeeded ? TypedResults.Ok(StaffResponse.From(outcome.Value!, await DepartmentsAsync(org, ct))) : Failure(outcome);
    }

    /// <summary>Answers carrying a password must not be kept by a browser or proxy cache.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    private static async Task<Dictionary<long, OrgDepartment>> DepartmentsAsync(IOrganisationDirectory org, CancellationToken ct) =>
        (await org.DepartmentsAsync(ct)).ToDictionary(d => d.Id);

    private static IResult Failure<T>(Outcome<T> outcome) => outcome.Failure!.ToProblem();
}

public sealed record StaffDepartmentRef(long Id, string Key, string Name);

public sealed record StaffResponse(
    long Id, string UserName, string DisplayName, StaffDepartmentRef? Department, string RegionCode, IReadOnlyList<string> Roles,
    bool Disabled, DateTimeOffset? LockedUntil, bool SecondFactor, DateTimeOffset CreatedAt)
{
    public static StaffResponse From(StaffView view, IReadOnlyDictionary<long, OrgDepartment> departments) => new(
        view.Id, view.UserName, view.DisplayName,
        departments.TryGetValue(view.DepartmentId, out var d) ? new StaffDepartmentRef(d.Id, d.Key, d.Name) : null,
        view.RegionCode, view.Roles, view.Disabled, view.LockedUntil, view.HasSecondFactor, view.CreatedAt);
}

public sealed record StaffListResponse(IReadOnlyList<StaffResponse> Staff, string? NextCursor);

public sealed record CreatedStaffResponse(StaffResponse Staff, string InitialPassword);

public sealed record PasswordResetResponse(StaffResponse Staff, string InitialPassword);

public sealed record StaffMeResponse(string Subject, string Name, long? DepartmentId, string? DepartmentKey, string? RegionCode, IReadOnlyList<string> Roles);
