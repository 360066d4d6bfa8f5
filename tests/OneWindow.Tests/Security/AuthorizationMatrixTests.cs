using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Security;

/// <summary>
/// Issue 12's authorization matrix, run against the real platform: every API operation and page (from the endpoint
/// list, so a new endpoint without a declared rule fails), for anonymous callers, two citizens, an enterprise agent
/// and a revoked one, staff of another department / division / region, a platform admin's session (the positive
/// control) and a platform admin's narrow token, and department-system tokens holding one scope each. Refusals are
/// checked before anything is let through (so no cell is judged on data another cell changed); let-through calls run
/// in the matrix's order.
/// </summary>
public abstract class AuthorizationMatrixTests(DbKind kind)
{
    /// <summary>An app of its own: let-through calls change data (an accepted case, a disabled account).</summary>
    // The matrix sends thousands of requests one after the other; on a loaded machine that outlasts the default
    // 10-minute access tokens of its department systems, so this app issues them for the longest allowed, an hour.
    private static readonly AppPerDatabase Apps = new(settings: new Dictionary<string, string> { ["Oidc:AccessTokenMinutes"] = "60" });
    private static readonly ConcurrentDictionary<DbKind, Lazy<Task<MatrixWorld>>> Worlds = new();

    private Task<MatrixWorld> WorldAsync() => Worlds.GetOrAdd(kind, k => new(async () => await MatrixWorld.BuildAsync(await Apps.GetAsync(k)))).Value;

    [Fact]
    public async Task Every_endpoint_and_page_has_a_declared_rule_and_every_scope_a_token()
    {
        var app = await Apps.GetAsync(kind);
        var declared = AuthorizationMatrix.Api.Concat(AuthorizationMatrix.Pages).Concat(AuthorizationMatrix.Final).Select(r => r.Key).ToHashSet();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["PAGE"]).Select(m => m + " " + RouteOf(e, m)))
            .ToHashSet();
        Assert.True(endpoints.SetEquals(declared),
            "Without a declared rule: " + string.Join(", ", endpoints.Except(declared).Order()) + " | declared but gone: " + string.Join(", ", declared.Except(endpoints).Order()));
        Assert.Equal(AuthorizationMatrix.AllScopes.Order(), app.Services.GetRequiredService<ApiScopeCatalog>().All.Select(s => s.Name).Order());
    }

    [Fact]
    public async Task Every_caller_is_let_through_exactly_where_the_matrix_says()
    {
        var world = await WorldAsync();
        var cells = new List<(MatrixRow Row, string Principal, bool Allowed)>();
        foreach (var row in AuthorizationMatrix.Api.Concat(AuthorizationMatrix.Pages).Concat(AuthorizationMatrix.Final))
        {
            var principals = row.Method == "PAGE" ? AuthorizationMatrix.PagePrincipals : world.Principals.Keys.ToArray();
            foreach (var principal in principals)
            {
                if (AuthorizationMatrix.Allows(row, principal) is { } allowed)
                {
                    cells.Add((row, principal, allowed));
                }
            }
        }

        var wrong = new StringBuilder();
        // Refusals first, on untouched data; then the let-through calls in the matrix's order (end-session last).
        foreach (var (row, principal, allowed) in cells.Where(c => !c.Allowed).Concat(cells.Where(c => c.Allowed)))
        {
            using var response = await SendAsync(world, row, principal);
            var status = (int)response.StatusCode;
            var refused = status is 401 or 403 or 404 || IsRedirectToSignIn(response);
            var ok = status < 500 && (allowed ? !refused || (status == 404 && row.Absent) : refused);
            if (!ok)
            {
                wrong.AppendLine($"{row.Key} as {principal}: expected {(allowed ? "let through" : "refused")}, got {status} {response.Headers.Location}");
            }
        }

        Assert.True(wrong.Length == 0, "Cells that differ from the matrix:\n" + wrong);
    }

    private static async Task<HttpResponseMessage> SendAsync(MatrixWorld world, MatrixRow row, string principal)
    {
        var method = row.Method == "PAGE" ? HttpMethod.Get : new HttpMethod(row.Method);
        using var request = new HttpRequestMessage(method, row.Url(world));
        if (method != HttpMethod.Get)
        {
            // An empty object: enough to pass authorization and be refused as bad input, never a real change by mistake.
            var body = row.Body?.Invoke(world);
            request.Content = body is Dictionary<string, string> form ? new FormUrlEncodedContent(form)
                : body == null
                ? new StringContent("{}", Encoding.UTF8, "application/json")
                : System.Net.Http.Json.JsonContent.Create(body, options: new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        }

        return await world.Principals[principal].SendAsync(request);
    }

    private static bool IsRedirectToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } location
        && (location.StartsWith("/signin", StringComparison.Ordinal) || location.StartsWith("/staff/signin", StringComparison.Ordinal) || location.StartsWith("/access-denied", StringComparison.Ordinal)
            || location.Contains("/signin?", StringComparison.Ordinal) || location.Contains("/access-denied", StringComparison.Ordinal));

    /// <summary>The route as the matrix names it: API routes with their leading slash; pages by their route.</summary>
    private static string RouteOf(RouteEndpoint endpoint, string method) =>
        method == "PAGE" ? endpoint.RoutePattern.RawText ?? "" : endpoint.RoutePattern.RawText ?? "";
}

[Trait("Database", "Sqlite")]
public sealed class AuthorizationMatrixTestsOnSqlite() : AuthorizationMatrixTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class AuthorizationMatrixTestsOnPostgres() : AuthorizationMatrixTests(DbKind.Postgres);
