using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using OneWindow.Shared.Data;
using OneWindow.Shared.Modules;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;
using OneWindow.Shared.Startup;
using OneWindow.Web.Infrastructure;

namespace OneWindow.Web;

/// <summary>Composes the modules into one host. Module order does not matter; each registers its own parts.</summary>
public static class OneWindowHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Content root at the binaries so the published app runs the same from any working folder.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.UseUtcTimestamp = true;
        });

        // Serve wwwroot from the build output too (its manifest points at the project), not only in Development.
        builder.WebHost.UseStaticWebAssets();
        var database = new DatabaseSettings(builder.Configuration.GetConnectionString("OneWindow"), AppContext.BaseDirectory);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StartupGate>();
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<StartupWorker>();

        // Every module deployed beside the host registers itself (OneWindow.Shared.Modules.IModule); none is named here.
        var modules = ModuleDiscovery.Discover();
        var moduleContext = new ModuleContext(builder.Services, builder.Configuration, builder.Environment, database);
        foreach (var module in modules)
        {
            module.AddServices(moduleContext);
        }

        builder.Services.AddSingleton<IReadOnlyList<IModule>>(modules);

        // Razor would otherwise write every Chinese character as an &#x...; entity: correct, but triple the page size.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsSetup.Customize);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "OneWindow (一网通办) API";
            document.Info.Description = "Integrated online government service platform: service catalogue, unified identity (citizen and enterprise registration) and more. Errors are RFC 9457 problem details.";
            document.Info.Version = "v1";
            return Task.CompletedTask;
        }));

        // Default: a selector — a bearer token (OIDC module) or an API key when the request carries one, else the session
        // cookie. The modules register the bearer and API-key schemes; a header naming an unregistered one is anonymous.
        builder.Services.AddAuthentication(PlatformAuthentication.DefaultScheme)
            .AddPolicyScheme(PlatformAuthentication.DefaultScheme, "Session cookie, bearer token or API key", o => o.ForwardDefaultSelector = CredentialSelector.Select)
            .AddCookie(options =>
            {
                options.Cookie.Name = "ow.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/access-denied";
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.Events.OnRedirectToLogin = ApiAwareRedirects.ToLogin;
                options.Events.OnRedirectToAccessDenied = ApiAwareRedirects.ToAccessDenied;
                options.Events.OnValidatePrincipal = AccountSessionCheck.ValidateAsync;
            })
            .AddSecondFactorCookie();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CitizenPage.Policy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindCitizen))
            .AddPolicy(StaffArea.Policy, policy => policy.RequireClaim(PlatformClaims.Kind, PlatformClaims.KindStaff));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "ow.csrf";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddRazorPages(options =>
        {
            // The platform's two areas; each module adds the rules of its own pages.
            options.Conventions.AuthorizeFolder("/Admin", StaffArea.Policy);
            options.Conventions.AuthorizeFolder("/Account", CitizenPage.Policy);
            foreach (var module in modules)
            {
                module.ConfigurePages(options.Conventions);
            }
        }).ConfigureApplicationPartManager(parts => ModuleParts.Add(parts, modules));

        // Behind a TLS-terminating load balancer (several nodes, one database) the scheme and client address come from
        // X-Forwarded-* headers, trusted only from the proxies listed in ForwardedHeaders:KnownProxies.
        var proxies = builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        // Nothing reads the database before migrations: the framework's data-protection hosted service would load the
        // key ring (a module's table) at host start. The module that keeps the ring loads and checks it in a start-up task.
        foreach (var early in builder.Services.Where(IsDataProtectionHostedService).ToList())
        {
            builder.Services.Remove(early);
        }

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodePagesSetup.Handle);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<StartupGateMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var cultures = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("zh-CN"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new ApiLanguageProvider(), new CookieRequestCultureProvider()],
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<ScopeEnforcementMiddleware>();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json").PublicEndpoint();
        app.MapHealth();
        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }

        app.MapLanguageSwitch();
        app.MapRazorPages();
        return app;
    }

    /// <summary>The framework's hosted service that loads the data-protection key ring when the host starts.</summary>
    public static bool IsDataProtectionHostedService(ServiceDescriptor descriptor) =>
        descriptor is { ServiceType: var service, IsKeyedService: false } && service == typeof(IHostedService)
        && (descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType() ?? descriptor.ImplementationFactory?.Method.DeclaringType)?.Assembly
            == typeof(Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions).Assembly;
}
