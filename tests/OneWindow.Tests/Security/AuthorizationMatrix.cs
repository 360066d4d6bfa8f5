using static OneWindow.Tests.Security.MatrixWorld;

namespace OneWindow.Tests.Security;

/// <summary>One API operation or page of the matrix: its route as the endpoint list names it, a concrete request on
/// the matrix's data, and who must be let through. Everyone else must be refused (401, 403, or the 404 that hides
/// another person's record). <paramref name="Absent"/>: the sample id names nothing, so a let-through caller may get 404.
/// <paramref name="Body"/>: a well-formed request, so that a refusal cannot hide behind a 400 for bad input (default: {}).</summary>
public sealed record MatrixRow(string Method, string Route, Func<MatrixWorld, string> Url, IReadOnlySet<string> Allowed, bool Absent = false, Func<MatrixWorld, object>? Body = null)
{
    public string Key => Method + " " + Route;
}

/// <summary>
/// The authorization matrix: every API operation and page with the callers it lets through. It is the declared rule;
/// <see cref="AuthorizationMatrixTests"/> fails for an endpoint missing here and for any cell the running platform
/// answers otherwise. Client tokens belong to department systems of 公安局 (ga) holding a single scope each.
/// </summary>
public static class AuthorizationMatrix
{
    /// <summary>Every scope the modules register (kept in step by the test that checks the catalogue).</summary>
    public static readonly string[] AllScopes =
    [
        "audit.read", "calendar.write", "clients.manage", "cases.read", "cases.write", "catalog.read", "catalog.write", "data.grants.read",
        "data.grants.write", "data.resources.read", "data.resources.write", "exchange.call", "exchange.log.read", "exchange.provide", "files.read", "files.write",
        "halls.read", "halls.write", "licences.read", "licences.write", "registry.read", "registry.write", "staff.read", "staff.write",
        "webhooks.manage",
    ];

    private static readonly string[] Citizens = [A, B, Agent, Revoked];
    private static readonly string[] Staff = [WinOwn, WinOther, RevOther, SupOther, Admin];
    private static readonly string[] SignedInSessions = [.. Citizens, .. Staff];

    private static IReadOnlySet<string> Of(params string[] names) => names.ToHashSet();

    private static string[] Clients(params string[] scopes) => scopes.Select(Client).ToArray();

    /// <summary>Anyone and any credential: public, identity-blind endpoints.</summary>
    private static readonly IReadOnlySet<string> Everyone = new HashSet<string>(["*"]);

    private static MatrixRow Get(string route, Func<MatrixWorld, string> url, IReadOnlySet<string> allowed, bool absent = false) => new("GET", route, url, allowed, absent);

    private static MatrixRow Post(string route, Func<MatrixWorld, string> url, IReadOnlySet<string> allowed, bool absent = false, Func<MatrixWorld, object>? body = null) =>
        new("POST", route, url, allowed, absent, body);

    private static MatrixRow Put(string route, Func<MatrixWorld, string> url, IReadOnlySet<string> allowed, bool absent = false) => new("PUT", route, url, allowed, absent);


    private static MatrixRow Delete(string route, Func<MatrixWorld, string> url, IReadOnlySet<string> allowed, bool absent = false) => new("DELETE", route, url, allowed, absent);

    private static MatrixRow Same(string method, string route, IReadOnlySet<string> allowed, bool absent = false, Func<MatrixWorld, object>? body = null) =>
        new(method, route, _ => route, allowed, absent, body);

    /// <summary>A scope-bound caller: a token or an API key.</summary>
    public static bool IsToken(string principal) => principal is AdminToken or ApiKey || principal.StartsWith("client:", StringComparison.Ordinal);

    /// <summary>True: let through; false: refused; null: not this matrix's business (a page a browser caller may be
    /// redirected from for reasons of its own).</summary>
    public static bool? Allows(MatrixRow row, string principal) =>
        row.Allowed.Contains("*") || row.Allowed.Contains(principal) ? true
        : row.Allowed.Contains("~") ? (IsToken(principal) ? false : null)
        : false;

    /// <summary>API rows, in the order their let-through calls run: reads first, changes after, the changes that end
    /// something (withdraw, revoke, disable) last.</summary>
    public static IReadOnlyList<MatrixRow> Api { get; } =
    [
        // Public and identity-blind.
        Same("GET", "/.well-known/jwks.json", Everyone),
        Same("GET", "/.well-known/openid-configuration", Everyone),
        Same("GET", "/health", Everyone),
        Get("/lang/{culture}", _ => "/lang/en", Everyone),
        Get("/openapi/{documentName}.json", _ => "/openapi/v1.json", Everyone),
        Get("/api/v1/calendar/{year:int}", _ => "/api/v1/calendar/2027", Everyone),
        Get("/api/v1/calendar/deadline", _ => "/api/v1/calendar/deadline?from=2027-01-04&days=5", Everyone),
        Get("/api/v1/calendar/working-days", _ => "/api/v1/calendar/working-days?from=2027-01-04&to=2027-01-29", Everyone),
        Get("/api/v1/cases/progress", _ => "/api/v1/cases/progress?number=X&code=Y", Everyone, absent: true),
        Same("GET", "/api/v1/catalog/departments", Everyone),
        Same("GET", "/api/v1/exchange/log/keys", Everyone),
        Same("GET", "/api/v1/catalog/items", Everyone),
        Get("/api/v1/catalog/items/by-code/{implementationCode}", w => $"/api/v1/catalog/items/by-code/{w.ImplementationCode}", Everyone),
        Get("/api/v1/catalog/items/{id:long}", w => $"/api/v1/catalog/items/{w.ItemId}", Everyone),
        Get("/api/v1/catalog/items/{id:long}/versions", w => $"/api/v1/catalog/items/{w.ItemId}/versions", Everyone),
        Get("/api/v1/catalog/items/{id:long}/versions/{version:int}", w => $"/api/v1/catalog/items/{w.ItemId}/versions/1", Everyone),
        Get("/api/v1/catalog/items/{id:long}/diff", w => $"/api/v1/catalog/items/{w.ItemId}/diff", Everyone),
        Same("GET", "/api/v1/catalog/regions", Everyone),
        Get("/api/v1/catalog/regions/{code}", _ => "/api/v1/catalog/regions/340100", Everyone),
        Same("GET", "/api/v1/halls/", Everyone),
        Get("/api/v1/halls/{id:long}/slots", w => $"/api/v1/halls/{w.HallId}/slots", Everyone),
        Same("GET", "/api/v1/licences/keys", Everyone),
        Same("GET", "/api/v1/licences/types", Everyone),
        Same("POST", "/api/v1/licences/verify", Everyone),
        Same("GET", "/api/v1/life-events/", Everyone),
        Get("/api/v1/life-events/{key}", _ => "/api/v1/life-events/newborn", Everyone, absent: true),
        Same("POST", "/api/v1/citizens", Everyone),
        Same("POST", "/api/v1/enterprises", Everyone),
        Same("POST", "/connect/token", Everyone),
        // Client-authenticated protocol endpoints (a well-formed request: RFC 7009 answers 200 for an unknown token).
        Same("POST", "/connect/revoke", Everyone, body: w => new Dictionary<string, string> { ["client_id"] = w.OidcClientKey, ["client_secret"] = w.OidcClientSecret, ["token"] = "not-a-token" }),
        Same("POST", "/connect/introspect", Everyone, body: w => new Dictionary<string, string> { ["client_id"] = w.OidcClientKey, ["client_secret"] = w.OidcClientSecret, ["token"] = "not-a-token" }),

        // Who am I: any signed-in caller, any credential.
        Same("GET", "/api/v1/me", Of([.. SignedInSessions, AdminToken, ApiKey, .. Clients(AllScopes)])),
        // API keys: a key asks about itself; citizens manage theirs in a session (never with a token or a key).
        Same("GET", "/api/v1/api-keys/current", Of(ApiKey)),
        Get("/api/v1/api-keys/", _ => "/api/v1/api-keys", Of(Citizens)),
        Post("/api/v1/api-keys/", _ => "/api/v1/api-keys", Of(Citizens), body: _ => new { name = "矩阵测试", scopes = Array.Empty<string>() }),
        Same("GET", "/connect/userinfo", Of(AdminToken)),
        Same("GET", "/api/v1/staff/me", Of([.. Staff, AdminToken])),

        // Cases: reads.
        Get("/api/v1/cases/{id:long}", w => $"/api/v1/cases/{w.CaseId}", Of(A, WinOwn, Admin, Client("cases.read"), Client("cases.write"))),
        Get("/api/v1/cases/{id:long}/materials/{materialId:long}/content", w => $"/api/v1/cases/{w.CaseId}/materials/{w.CaseMaterialId}/content",
            Of(A, WinOwn, Admin, Client("cases.read"), Client("cases.write"))),
        Same("GET", "/api/v1/cases/mine", Of(Citizens)),
        Same("GET", "/api/v1/cases/notifications", Of(Citizens)),
        // Any handling role sees its own department's inbox (a supervisor's is empty); department systems theirs.
        Same("GET", "/api/v1/cases/inbox", Of(WinOwn, WinOther, RevOther, SupOther, Admin, Client("cases.read"), Client("cases.write"))),
        Same("GET", "/api/v1/cases/desk", Of(WinOwn, WinOther, Admin, Client("cases.write"))),
        Same("GET", "/api/v1/cases/figures", Of(SupOther, Admin)),
        // An item's form and process are what its published guide shows: any signed-in caller with a cases scope.
        Get("/api/v1/cases/items/{itemId:long}/setup", w => $"/api/v1/cases/items/{w.ItemId}/setup", Of([.. SignedInSessions, Client("cases.read"), Client("cases.write")])),
        Get("/api/v1/life-events/applications/{id:long}", _ => "/api/v1/life-events/applications/987654321", Of([.. Citizens, .. Staff, Client("cases.read"), Client("cases.write")]), absent: true),

        // Files and appointments: the applicant's own.
        Same("GET", "/api/v1/files/", Of(Citizens)),
        Get("/api/v1/files/{id:long}/content", w => $"/api/v1/files/{w.FileId}/content", Of(A)),
        Same("GET", "/api/v1/appointments/", Of(Citizens)),
        Get("/api/v1/halls/{id:long}/bookings", w => $"/api/v1/halls/{w.HallId}/bookings", Of(WinOwn, WinOther, Admin)),
        // Data sharing (exchange): department staff see their own department's requests; systems call under grants.
        Same("GET", "/api/v1/data-grants/", Of(Staff)),
        Get("/api/v1/data-grants/{id:long}", _ => "/api/v1/data-grants/987654321", Of(Staff), absent: true),
        Get("/api/v1/exchange/{code}/openapi.json", _ => "/api/v1/exchange/101001-000001/openapi.json", Of([.. Staff, .. Clients("data.grants.read", "data.grants.write", "exchange.call")])),
        Same("GET", "/api/v1/exchange/objections/", Of(Staff)),

        // Staff directory, audit, registry, licences: reads.
        // The directory: platform admins, and region roles within their division (the supervisor sees 芜湖's staff).
        Same("GET", "/api/v1/staff/", Of(SupOther, Admin)),
        Get("/api/v1/staff/{id:long}", w => $"/api/v1/staff/{w.VictimStaffId}", Of(Admin)),
        Same("GET", "/api/v1/audit/entries", Of(Admin)),
        Same("GET", "/api/v1/audit/verify", Of(Admin)),
        // Exchange log: a department's own readers (SupOther reaches its own department in 340200), ga's system for ga.
        Same("GET", "/api/v1/exchange/log/", Of(SupOther, Admin, Client("exchange.log.read"))),
        Same("GET", "/api/v1/exchange/figures/", Of(SupOther, Admin, Client("exchange.log.read"))),
        Same("GET", "/api/v1/exchange/log/verify", Of(Admin)),
        Get("/api/v1/exchange/log/{id:long}/proof", _ => "/api/v1/exchange/log/987654321/proof", Of(SupOther, Admin, Client("exchange.log.read")), absent: true),
        Get("/api/v1/registry/persons/{idNumber}", w => $"/api/v1/registry/persons/{w.PersonIdNumber}", Of(Admin)),
        Get("/api/v1/registry/persons/{idNumber}/history", w => $"/api/v1/registry/persons/{w.PersonIdNumber}/history", Of(Admin)),
        Get("/api/v1/registry/legal-persons/{code}", w => $"/api/v1/registry/legal-persons/{w.LegalPersonCode}", Of(Admin)),
        Get("/api/v1/registry/legal-persons/{code}/history", w => $"/api/v1/registry/legal-persons/{w.LegalPersonCode}/history", Of(Admin)),
        Same("GET", "/api/v1/registry/sources", Of(Staff)),
        Same("GET", "/api/v1/registry/conflicts", Of(Admin)),
        Same("GET", "/api/v1/registry/rules", Of(Admin)),
        Same("GET", "/api/v1/registry/quality", Of(Admin)),
        Same("GET", "/api/v1/licences/agencies", Of(Staff)),
        Get("/api/v1/licences/agencies/{departmentId:long}/keys", w => $"/api/v1/licences/agencies/{w.GaDepartmentId}/keys", Of(Admin)),
        Same("GET", "/api/v1/licences/shared", Of([.. Staff, Client("licences.read"), Client("licences.write")])),
        Get("/api/v1/licences/shared/{grantId:long}", _ => "/api/v1/licences/shared/987654321", Of([.. Staff, Client("licences.read"), Client("licences.write")]), absent: true),
        // A licence of ga: its issuing department's staff (systems read licences only through sharing grants).
        Get("/api/v1/licences/{identifier}", w => $"/api/v1/licences/{w.LicenceIdentifier}", Of(WinOwn, Admin)),
        Get("/api/v1/catalog/import/{jobId:long}", _ => "/api/v1/catalog/import/987654321", Of(Admin), absent: true),
        Same("GET", "/api/v1/catalog/export.csv", Of([Anon, .. SignedInSessions, Client("catalog.read"), Client("catalog.write")])),

        // The data resource catalogue: published metadata for any staff session and department systems (read or write scope).
        Same("GET", "/api/v1/data-resources/", Of([.. Staff, Client("data.resources.read"), Client("data.resources.write")])),
        Same("GET", "/api/v1/data-resources/export.csv", Of([.. Staff, Client("data.resources.read"), Client("data.resources.write")])),
        Same("GET", "/api/v1/data-resources/export.json", Of([.. Staff, Client("data.resources.read"), Client("data.resources.write")])),
        Get("/api/v1/data-resources/{code}", _ => "/api/v1/data-resources/101001-000001", Of([.. Staff, Client("data.resources.read"), Client("data.resources.write")])),
        Get("/api/v1/data-resources/{code}/versions", _ => "/api/v1/data-resources/101001-000001/versions", Of([.. Staff, Client("data.resources.read"), Client("data.resources.write")])),
        Get("/api/v1/data-resources/{code}/diff", _ => "/api/v1/data-resources/101001-000001/diff", Of([.. Staff, Client("data.resources.read"), Client("data.resources.write")])),

        // Webhooks: the subscribing system's own.
        Same("GET", "/api/v1/webhooks/subscriptions", Of(Admin, Client("webhooks.manage"))),
        Get("/api/v1/webhooks/subscriptions/{id:long}", w => $"/api/v1/webhooks/subscriptions/{w.SubscriptionId}", Of(Admin, Client("webhooks.manage"))),
        Get("/api/v1/webhooks/subscriptions/{id:long}/deliveries", w => $"/api/v1/webhooks/subscriptions/{w.SubscriptionId}/deliveries", Of(Admin, Client("webhooks.manage"))),

        // Changes: applying (citizens; an agent for the enterprise they act for).
        Same("POST", "/api/v1/cases/", Of(Citizens), body: w => new { itemId = w.ItemId }),
        Same("POST", "/api/v1/cases/drafts", Of(Citizens), body: w => new { itemId = w.ItemId }),
        Same("POST", "/api/v1/files/", Of(Citizens)),
        Same("POST", "/api/v1/appointments/", Of(Citizens)),
        Post("/api/v1/life-events/{key}/applications", _ => "/api/v1/life-events/newborn/applications", Of(Citizens), absent: true),
        Put("/api/v1/cases/{id:long}/draft", w => $"/api/v1/cases/{w.DraftId}/draft", Of(A)),
        Post("/api/v1/cases/{id:long}/materials", w => $"/api/v1/cases/{w.DraftId}/materials", Of(A)),
        Post("/api/v1/cases/{id:long}/licences", w => $"/api/v1/cases/{w.DraftId}/licences", Of(A)),
        Post("/api/v1/cases/{id:long}/commitments", w => $"/api/v1/cases/{w.DraftId}/commitments", Of(A)),
        Delete("/api/v1/cases/{id:long}/commitments/{materialIndex:int}", w => $"/api/v1/cases/{w.DraftId}/commitments/0", Of(A)),
        Delete("/api/v1/cases/{id:long}/materials/{materialId:long}", w => $"/api/v1/cases/{w.DraftId}/materials/{w.DraftMaterialId}", Of(A)),
        Post("/api/v1/cases/{id:long}/submit", w => $"/api/v1/cases/{w.DraftId}/submit", Of(A)),
        Post("/api/v1/cases/{id:long}/correction", w => $"/api/v1/cases/{w.CaseId}/correction", Of(A)),

        // Changes: handling (own department's staff and systems with cases.write).
        Post("/api/v1/cases/{id:long}/comments", w => $"/api/v1/cases/{w.CaseId}/comments", Of(WinOwn, Admin, Client("cases.write")), body: _ => new { text = "矩阵" }),
        Post("/api/v1/cases/{id:long}/accept", w => $"/api/v1/cases/{w.CaseId}/accept", Of(WinOwn, Admin, Client("cases.write"))),
        Post("/api/v1/cases/{id:long}/not-accept", w => $"/api/v1/cases/{w.CaseId}/not-accept", Of(WinOwn, Admin, Client("cases.write")), body: _ => new { revision = 1, reason = "矩阵" }),
        // Accepted already: asking for corrections is now the reviewers' (and the window's refusal a 409).
        Post("/api/v1/cases/{id:long}/request-correction", w => $"/api/v1/cases/{w.CaseId}/request-correction", Of(Admin, Client("cases.write"))),
        Post("/api/v1/cases/{id:long}/extend", w => $"/api/v1/cases/{w.CaseId}/extend", Of(Admin, Client("cases.write"))),
        Post("/api/v1/cases/{id:long}/proofs/{proofId:long}/check", w => $"/api/v1/cases/{w.CaseId}/proofs/987654321/check", Of(WinOwn, Admin, Client("cases.write")), absent: true, body: _ => new { result = "confirmed" }),
        Post("/api/v1/cases/tasks/{taskId:long}/claim", w => $"/api/v1/cases/tasks/{w.TaskId}/claim", Of(Admin, Client("cases.write"))),
        Post("/api/v1/cases/tasks/{taskId:long}/assign", w => $"/api/v1/cases/tasks/{w.TaskId}/assign", Of(Admin, Client("cases.write")), body: _ => new { assigneeSubject = "staff:1", assigneeName = "矩阵" }),
        Post("/api/v1/cases/tasks/{taskId:long}/complete", w => $"/api/v1/cases/tasks/{w.TaskId}/complete", Of(Admin, Client("cases.write")), body: _ => new { outcome = "approve", opinion = "矩阵" }),
        Post("/api/v1/cases/tasks/{taskId:long}/decide", w => $"/api/v1/cases/tasks/{w.TaskId}/decide", Of(Admin, Client("cases.write")), body: _ => new { decision = "approve" }),
        Post("/api/v1/cases/tasks/{taskId:long}/deliver", w => $"/api/v1/cases/tasks/{w.TaskId}/deliver", Of(Admin, Client("cases.write"))),
        Post("/api/v1/cases/tasks/{taskId:long}/return", w => $"/api/v1/cases/tasks/{w.TaskId}/return", Of(Admin, Client("cases.write")), body: _ => new { toStep = 0, reason = "矩阵" }),
        Post("/api/v1/cases/tasks/{taskId:long}/pause", w => $"/api/v1/cases/tasks/{w.TaskId}/pause", Of(Admin, Client("cases.write")), body: _ => new { kind = "expert_review", reason = "矩阵" }),
        Post("/api/v1/cases/tasks/{taskId:long}/resume", w => $"/api/v1/cases/tasks/{w.TaskId}/resume", Of(Admin, Client("cases.write"))),
        Post("/api/v1/life-events/applications/{id:long}/deliver", _ => "/api/v1/life-events/applications/987654321/deliver", Of([.. Staff, Client("cases.write")]), absent: true),
        // Halls serve every department of their division (综合窗口): any window officer of 合肥市 marks attendance.
        Post("/api/v1/appointments/{code}/attendance", w => $"/api/v1/appointments/{w.AppointmentCode}/attendance", Of(WinOwn, WinOther, Admin), body: _ => new { status = "attended" }),

        // Changes: configuration and administration.
        Put("/api/v1/cases/items/{itemId:long}/form", w => $"/api/v1/cases/items/{w.ItemId}/form", Of(Admin)),
        Put("/api/v1/cases/items/{itemId:long}/process", w => $"/api/v1/cases/items/{w.ItemId}/process", Of(Admin)),
        Put("/api/v1/cases/items/{itemId:long}/proofs", w => $"/api/v1/cases/items/{w.ItemId}/proofs", Of(Admin)),
        Put("/api/v1/cases/items/{itemId:long}/instant", w => $"/api/v1/cases/items/{w.ItemId}/instant", Of(Admin)),
        Same("POST", "/api/v1/catalog/items", Of(Admin)),
        Put("/api/v1/catalog/items/{id:long}/draft", w => $"/api/v1/catalog/items/{w.ItemId}/draft", Of(Admin)),
        Post("/api/v1/catalog/items/{id:long}/submit", w => $"/api/v1/catalog/items/{w.ItemId}/submit", Of(Admin)),
        Post("/api/v1/catalog/items/{id:long}/approve", w => $"/api/v1/catalog/items/{w.ItemId}/approve", Of(Admin)),
        Post("/api/v1/catalog/items/{id:long}/return", w => $"/api/v1/catalog/items/{w.ItemId}/return", Of(Admin)),
        Post("/api/v1/catalog/items/{id:long}/publish", w => $"/api/v1/catalog/items/{w.ItemId}/publish", Of(Admin)),
        Post("/api/v1/catalog/items/{id:long}/suspend", w => $"/api/v1/catalog/items/{w.ItemId}/suspend", Of(Admin)),
        Post("/api/v1/catalog/items/{id:long}/resume", w => $"/api/v1/catalog/items/{w.ItemId}/resume", Of(Admin)),
        Post("/api/v1/catalog/items/{id:long}/unpublish", w => $"/api/v1/catalog/items/{w.ItemId}/unpublish", Of(Admin)),
        Same("POST", "/api/v1/catalog/import", Of(Admin)),
        Same("POST", "/api/v1/catalog/regions/import", Of(Admin)),
        Same("POST", "/api/v1/halls/", Of(Admin), body: _ => new { name = "矩阵大厅", nameEn = "Matrix hall", address = "合肥市", regionCode = "340100", phone = "0551-1234567", hours = "9:00-17:00" }),
        Post("/api/v1/halls/{id:long}/slots", w => $"/api/v1/halls/{w.HallId}/slots", Of(Admin)),
        Put("/api/v1/calendar/{year:int}", _ => "/api/v1/calendar/2031", Of(Admin)),
        Same("POST", "/api/v1/staff/", Of(Admin), body: _ => new { userName = "m" + Guid.NewGuid().ToString("N")[..12], displayName = "矩阵", departmentKey = "ga", roles = new[] { "window_officer" } }),
        Put("/api/v1/staff/{id:long}/roles/{role}", w => $"/api/v1/staff/{w.VictimStaffId}/roles/reviewer", Of(Admin)),
        Delete("/api/v1/staff/{id:long}/roles/{role}", w => $"/api/v1/staff/{w.VictimStaffId}/roles/reviewer", Of(Admin)),
        Post("/api/v1/staff/{id:long}/password-reset", w => $"/api/v1/staff/{w.VictimStaffId}/password-reset", Of(Admin)),
        Post("/api/v1/staff/{id:long}/disable", w => $"/api/v1/staff/{w.VictimStaffId}/disable", Of(Admin)),
        Post("/api/v1/staff/{id:long}/enable", w => $"/api/v1/staff/{w.VictimStaffId}/enable", Of(Admin)),
        Post("/api/v1/registry/sources/{key}/records", w => $"/api/v1/registry/sources/{w.RegistrySourceKey}/records", Of(Admin, Client("registry.write"))),
        Post("/api/v1/registry/conflicts/{id:long}/resolve", _ => "/api/v1/registry/conflicts/987654321/resolve", Of(Admin), absent: true),
        Put("/api/v1/registry/rules/{kind}/{field}", _ => "/api/v1/registry/rules/person/name", Of(Admin)),
        Same("POST", "/api/v1/data-grants/", Of(Admin)),
        Post("/api/v1/data-grants/{id:long}/approve", _ => "/api/v1/data-grants/987654321/approve", Of(Staff), absent: true),
        Post("/api/v1/data-grants/{id:long}/refuse", _ => "/api/v1/data-grants/987654321/refuse", Of(Staff), absent: true),
        Post("/api/v1/data-grants/{id:long}/revoke", _ => "/api/v1/data-grants/987654321/revoke", Of(Staff), absent: true),
        Put("/api/v1/data-grants/{id:long}/subscription/", _ => "/api/v1/data-grants/987654321/subscription", Of([.. Staff, .. Clients("data.grants.write", "exchange.call")]), absent: true),
        Delete("/api/v1/data-grants/{id:long}/subscription/", _ => "/api/v1/data-grants/987654321/subscription", Of([.. Staff, .. Clients("data.grants.write", "exchange.call")]), absent: true),
        Post("/api/v1/exchange/{code}/query", _ => "/api/v1/exchange/101001-000001/query", Of(Client("exchange.call"))),
        Put("/api/v1/exchange/{code}/rows", _ => "/api/v1/exchange/999999-000009/rows", Of([.. Staff, Client("exchange.provide")]), absent: true),
        Put("/api/v1/exchange/{code}/proxy", _ => "/api/v1/exchange/999999-000009/proxy", Of([.. Staff, Client("exchange.provide")]), absent: true),
        Post("/api/v1/exchange/objections/{id:long}/answer", _ => "/api/v1/exchange/objections/987654321/answer", Of(Staff), absent: true),
        // Licences are imported by the issuing department's own systems, not by a platform admin.
        Same("POST", "/api/v1/licences/import", Of(Client("licences.write"))),
        Put("/api/v1/licences/agencies/{departmentId:long}", w => $"/api/v1/licences/agencies/{w.GaDepartmentId}", Of(Admin)),
        Post("/api/v1/licences/agencies/{departmentId:long}/keys/rotate", w => $"/api/v1/licences/agencies/{w.GaDepartmentId}/keys/rotate", Of(Admin)),
        Post("/api/v1/licences/{identifier}/suspend", w => $"/api/v1/licences/{w.LicenceIdentifier}/suspend", Of(Admin), body: _ => new { reason = "矩阵" }),
        Post("/api/v1/licences/{identifier}/resume", w => $"/api/v1/licences/{w.LicenceIdentifier}/resume", Of(Admin), body: _ => new { reason = "矩阵" }),
        Post("/api/v1/licences/{identifier}/revoke", w => $"/api/v1/licences/{w.LicenceIdentifier}/revoke", Of(Admin), body: _ => new { reason = "矩阵" }),
        // Data resources of 数据资源局 (sj, 合肥): its editors, data admins reaching 合肥, platform admins; ga's systems write only ga's.
        Same("POST", "/api/v1/data-resources/", Of(Admin, Client("data.resources.write")), body: _ => new
        {
            classification = "399001", name = "矩阵资源", summary = "矩阵", format = "database", items = new[] { new { key = "code", name = "代码", type = "string", mask = "none" } },
            holding = "table", sharingClass = "unconditional", sharingMethod = "api", openClass = "not_open", updateCycle = "daily",
        }),
        Put("/api/v1/data-resources/{code}/draft", _ => "/api/v1/data-resources/101001-000001/draft", Of(Admin)),
        Post("/api/v1/data-resources/{code}/submit", _ => "/api/v1/data-resources/101001-000001/submit", Of(Admin)),
        Post("/api/v1/data-resources/{code}/publish", _ => "/api/v1/data-resources/101001-000001/publish", Of(Admin)),
        Post("/api/v1/data-resources/{code}/return", _ => "/api/v1/data-resources/101001-000001/return", Of(Admin), body: _ => new { reason = "矩阵" }),
        Same("POST", "/api/v1/webhooks/subscriptions", Of(Admin, Client("webhooks.manage"))),
        Post("/api/v1/webhooks/subscriptions/{id:long}/rotate-secret", w => $"/api/v1/webhooks/subscriptions/{w.SubscriptionId}/rotate-secret", Of(Admin, Client("webhooks.manage"))),
        Post("/api/v1/webhooks/deliveries/{id:long}/redeliver", _ => "/api/v1/webhooks/deliveries/987654321/redeliver", Of(Admin, Client("webhooks.manage")), absent: true),
        Delete("/api/v1/webhooks/subscriptions/{id:long}", w => $"/api/v1/webhooks/subscriptions/{w.SubscriptionId}", Of(Admin, Client("webhooks.manage"))),

        // OIDC client administration: platform admins (and department admins for their department) in a session, or a
        // person's token with clients.manage; never a department system's own token.
        Get("/api/v1/oidc/clients/", _ => "/api/v1/oidc/clients", Of(Admin)),
        Get("/api/v1/oidc/clients/{id:long}", w => $"/api/v1/oidc/clients/{w.OidcClientId}", Of(Admin)),
        Post("/api/v1/oidc/clients/", _ => "/api/v1/oidc/clients", Of(Admin),
            body: _ => new { clientId = "matrix-" + Guid.NewGuid().ToString("N")[..10], name = "矩阵系统", grantTypes = new[] { "client_credentials" }, scopes = new[] { "catalog.read" } }),
        Put("/api/v1/oidc/clients/{id:long}", w => $"/api/v1/oidc/clients/{w.OidcClientId}", Of(Admin)),
        Post("/api/v1/oidc/clients/{id:long}/secret", w => $"/api/v1/oidc/clients/{w.OidcClientId}/secret", Of(Admin)),
        Post("/api/v1/oidc/clients/{id:long}/disable", w => $"/api/v1/oidc/clients/{w.OidcClientId}/disable", Of(Admin)),
        Post("/api/v1/oidc/clients/{id:long}/enable", w => $"/api/v1/oidc/clients/{w.OidcClientId}/enable", Of(Admin)),

        // Endings last: the applicant's withdrawal and cancellation.
        Post("/api/v1/appointments/{code}/cancel", w => $"/api/v1/appointments/{w.AppointmentCode}/cancel", Of(A)),
        Post("/api/v1/cases/{id:long}/withdraw", w => $"/api/v1/cases/{w.CaseId}/withdraw", Of(A)),

        // Browser protocol endpoints: sessions and anonymity, never a token (a token must not become a new grant).
        new("GET", "/connect/authorize", _ => "/connect/authorize", Of([Anon, .. SignedInSessions])),
        new("POST", "/connect/authorize", _ => "/connect/authorize", Of([Anon, .. SignedInSessions])),
        Same("POST", "/connect/userinfo", Of(AdminToken)),
    ];


    /// <summary>Any caller but a token or API key: what a page must answer is not the matrix's business here (the
    /// page's own tests say it), only that a scope-bound credential never reaches it.</summary>
    private static readonly IReadOnlySet<string> NotTokens = new HashSet<string>(["~"]);

    private static MatrixRow Page(string route, IReadOnlySet<string> allowed, Func<MatrixWorld, string>? url = null, bool absent = false) =>
        new("PAGE", route, url ?? (_ => "/" + route), allowed, absent);

    /// <summary>The callers the page rows run with: a browser's kinds of people and a token of each kind.</summary>
    public static readonly string[] PagePrincipals = [Anon, A, Admin, AdminToken, ApiKey, Client("cases.read"), Client("cases.write")];

    private static readonly IReadOnlySet<string> PublicPage = new HashSet<string>([Anon, A, Admin]);
    private static readonly IReadOnlySet<string> CitizenPage = new HashSet<string>([A]);
    private static readonly IReadOnlySet<string> StaffPage = new HashSet<string>([Admin]);

    /// <summary>Every page, GET: public pages for everyone with a browser session or none; /account for citizens;
    /// /admin for staff (a platform admin is the positive control); tokens nowhere.</summary>
    public static IReadOnlyList<MatrixRow> Pages { get; } =
    [
        Page("", PublicPage), Page("Index", PublicPage), Page("access-denied", NotTokens), Page("departments", PublicPage),
        Page("departments/{key}", PublicPage, _ => "/departments/ga"), Page("halls", PublicPage),
        Page("items/{id:long}", PublicPage, w => $"/items/{w.ItemId}"), Page("items/{id:long}/versions", PublicPage, w => $"/items/{w.ItemId}/versions"),
        Page("licences/verify", PublicPage), Page("life-events", PublicPage), Page("life-events/{key}", PublicPage, _ => "/life-events/newborn", absent: true),
        Page("progress", PublicPage), Page("register", PublicPage), Page("search", PublicPage), Page("signin", PublicPage),
        Page("signin/reset", PublicPage), Page("staff/signin", PublicPage), Page("signout", NotTokens), Page("staff/signout", NotTokens),
        Page("signin/second-factor", NotTokens), Page("dev/outbox", NotTokens), Page("appointments/new", NotTokens),
        Page("life-events/{key}/apply", NotTokens, _ => "/life-events/newborn/apply"),

        Page("account", CitizenPage), Page("account/api-keys", CitizenPage), Page("account/appointments", CitizenPage), Page("account/data-use", CitizenPage), Page("account/cases", CitizenPage),
        Page("account/cases/{id:long}", CitizenPage, w => $"/account/cases/{w.CaseId}"),
        Page("account/cases/{id:long}/notices/{noticeId:long}", CitizenPage, w => $"/account/cases/{w.CaseId}/notices/987654321", absent: true),
        Page("account/enterprises/register", CitizenPage),
        Page("account/enterprises/{enterpriseId:long}/agents", CitizenPage, _ => "/account/enterprises/987654321/agents", absent: true),
        Page("account/files", CitizenPage), Page("account/licences", CitizenPage),
        Page("account/licences/{id:long}", CitizenPage, _ => "/account/licences/987654321", absent: true),
        Page("account/life-events/{id:long}", CitizenPage, _ => "/account/life-events/987654321", absent: true),
        Page("account/notifications", CitizenPage), Page("account/security", CitizenPage), Page("account/verify", CitizenPage),
        Page("apply/{caseId:long}", CitizenPage, w => $"/apply/{w.DraftId}"), Page("apply/{caseId:long}/done", CitizenPage, w => $"/apply/{w.DraftId}/done"),

        Page("admin", StaffPage), Page("admin/audit", StaffPage), Page("admin/calendar", StaffPage), Page("admin/cases", StaffPage),
        Page("admin/cases/desk", StaffPage), Page("admin/cases/{id:long}", StaffPage, w => $"/admin/cases/{w.CaseId}"),
        Page("admin/cases/{id:long}/notices/{noticeId:long}", StaffPage, w => $"/admin/cases/{w.CaseId}/notices/987654321", absent: true),
        Page("admin/cases/items/{itemId:long}/form", StaffPage, w => $"/admin/cases/items/{w.ItemId}/form"),
        Page("admin/cases/items/{itemId:long}/instant", StaffPage, w => $"/admin/cases/items/{w.ItemId}/instant"),
        Page("admin/cases/items/{itemId:long}/process", StaffPage, w => $"/admin/cases/items/{w.ItemId}/process"),
        Page("admin/cases/items/{itemId:long}/proofs", StaffPage, w => $"/admin/cases/items/{w.ItemId}/proofs"),
        Page("admin/catalog", StaffPage), Page("admin/catalog/export", StaffPage), Page("admin/catalog/import", StaffPage),
        Page("admin/catalog/import/{jobId:long}", StaffPage, _ => "/admin/catalog/import/987654321", absent: true), Page("admin/catalog/new", StaffPage),
        Page("admin/catalog/{id:long}", StaffPage, w => $"/admin/catalog/{w.ItemId}"), Page("admin/catalog/{id:long}/diff", StaffPage, w => $"/admin/catalog/{w.ItemId}/diff"),
        Page("admin/catalog/{id:long}/edit", StaffPage, w => $"/admin/catalog/{w.ItemId}/edit"), Page("admin/citizens/verify", StaffPage),
        Page("admin/exchange", StaffPage), Page("admin/exchange/log", StaffPage), Page("admin/exchange/objections", StaffPage), Page("admin/exchange/request", StaffPage), Page("admin/figures", StaffPage), Page("admin/halls", StaffPage), Page("admin/licences/keys", StaffPage), Page("admin/life-events", StaffPage),
        Page("admin/life-events/{id:long}", StaffPage, _ => "/admin/life-events/987654321", absent: true), Page("admin/regions", StaffPage),
        Page("admin/registry", StaffPage), Page("admin/registry/conflicts", StaffPage), Page("admin/registry/import", StaffPage),
        Page("admin/registry/quality", StaffPage), Page("admin/registry/records/{id:long}", StaffPage, _ => "/admin/registry/records/987654321", absent: true),
        Page("admin/registry/rules", StaffPage), Page("admin/staff", StaffPage), Page("admin/staff/new", StaffPage),
        Page("admin/staff/{id:long}", StaffPage, w => $"/admin/staff/{w.VictimStaffId}"), Page("admin/webhooks", StaffPage),
        Page("admin/oidc/clients", StaffPage), Page("admin/data-resources", StaffPage), Page("admin/data-resources/edit/{id:long?}", StaffPage, _ => "/admin/data-resources/edit"),
        Page("data-resources", StaffPage), Page("data-resources/{code}", StaffPage, _ => "/data-resources/101001-000001"), Page("admin/oidc/clients/new", StaffPage),
        Page("admin/oidc/clients/{id:long}", StaffPage, w => $"/admin/oidc/clients/{w.OidcClientId}"),
    ];

    /// <summary>Last of all: end-session, which may end the caller's session.</summary>
    public static IReadOnlyList<MatrixRow> Final { get; } =
    [
        new("GET", "/connect/endsession", _ => "/connect/endsession", NotTokens),
        new("POST", "/connect/endsession", _ => "/connect/endsession", NotTokens),
        new("DELETE", "/api/v1/api-keys/{id:long}", w => $"/api/v1/api-keys/{w.ApiKeyId}", Of(A)),
    ];
}
