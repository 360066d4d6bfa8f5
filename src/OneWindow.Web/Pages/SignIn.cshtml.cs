using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Shared.Security;
using OneWindow.Web.Infrastructure;

namespace OneWindow.Web.Pages;

/// <summary>
/// Development sign-in: pick a catalogue role (and, for editors, a department). It stands in for unified identity
/// (统一身份认证, a later issue) and is refused unless DevSignIn:Enabled is true (default only in Development).
/// </summary>
public sealed class SignInModel(DevSignInOptions options, CatalogReader reader) : PageModel
{
    public bool Enabled => options.Enabled;

    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    [BindProperty] public string? Role { get; set; }

    [BindProperty] public string? DepartmentKey { get; set; }

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? RoleError { get; private set; }

    public string? DepartmentError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Departments = await reader.DepartmentsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Departments = await reader.DepartmentsAsync(ct);
        if (!options.Enabled)
        {
            return Forbid();
        }

        var role = Role switch
        {
            "editor" => CatalogClaims.Editor,
            "reviewer" => CatalogClaims.Reviewer,
            "admin" => CatalogClaims.PlatformAdmin,
            _ => null,
        };
        if (role == null)
        {
            RoleError = Lang.L("请选择一个角色", "Choose a role");
            return Page();
        }

        var department = Departments.FirstOrDefault(d => d.Key == DepartmentKey);
        if (role == CatalogClaims.Editor && department == null)
        {
            DepartmentError = Lang.L("事项编辑人员须选择所属部门", "An editor must belong to a department");
            return Page();
        }

        var name = role switch
        {
            CatalogClaims.Editor => $"{department!.Name}事项编辑",
            CatalogClaims.Reviewer => "市编办审核员",
            _ => "平台管理员",
        };
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, $"staff:dev-{Role}"),
            new(PlatformClaims.Kind, PlatformClaims.KindStaff),
            new(ClaimTypes.Name, name),
            new(ClaimTypes.Role, role),
        };
        if (department != null)
        {
            claims.Add(new Claim(CatalogClaims.DepartmentId, department.Id.ToString(CultureInfo.InvariantCulture)));
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/admin/catalog");
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/");
    }
}
