using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.Sessions;

/// <summary>A session as its owner sees it in the sessions list.</summary>
public sealed record SessionView(string Handle, string Client, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, bool Current);

/// <summary>
/// The server-side session table (identity_sessions) and the per-request re-check of a signed-in principal
/// (<see cref="IAccountSessions"/>). Every sign-in starts a row whose random id goes into the cookie as the <c>sid</c>
/// claim; each request reads that row together with the account in one indexed query, so an ended session, a disabled
/// account, changed roles or a revoked enterprise agency take effect on the next request on every node. No cache:
/// see docs/ARCHITECTURE.md ("Sessions") for the cost.
/// </summary>
public sealed class AccountSessions(IdentityDbContext db, TimeProvider clock) : IAccountSessions
{
    /// <summary>last_seen_at is written at most this often per session (one UPDATE a minute, not one per request).</summary>
    public static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);

    // The claims this module issues and refreshes; anything else a principal carries (a token's scope, its audience…)
    // is handed back unchanged.
    private static readonly HashSet<string> Owned = new(StringComparer.Ordinal)
    {
        PlatformClaims.Subject, PlatformClaims.Kind, PlatformClaims.Name, PlatformClaims.Role, PlatformClaims.Department,
        PlatformClaims.Region, PlatformClaims.Assurance, PlatformClaims.ActingFor, PlatformClaims.SessionId,
    };

    /// <summary>Starts a session of the account and returns its id (for the cookie's sid claim; only its hash is stored).</summary>
    public async Task<string> StartAsync(string kind, long accountId, string? userAgent, CancellationToken ct)
    {
        var sid = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.Sessions.Add(new AccountSession
        {
            Id = Hash(sid),
            AccountKind = kind,
            AccountId = accountId,
            CreatedAt = now,
            LastSeenAt = now,
            Client = ClientDescription.From(userAgent),
        });
        await db.SaveChangesAsync(ct);
        return sid;
    }

    public async Task<IReadOnlyList<Claim>?> CurrentClaimsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (PlatformPrincipal.From(user) is not { } principal)
        {
            return null;
        }

        if (principal.IsClient)
        {
            return user.Claims.ToList();
        }

        var sid = user.FindFirstValue(PlatformClaims.SessionId);
        if (string.IsNullOrEmpty(sid) || principal.AccountId is not { } accountId)
        {
            return null; // a cookie from before sessions were recorded, or a token without a session: sign in again
        }

        var hash = Hash(sid);
        var now = clock.GetUtcNow();
        List<Claim> fresh;
        DateTimeOffset lastSeen;
        if (principal.IsCitizen)
        {
            var acting = principal.ActingForEnterpriseId;
            var row = await (from s in db.Sessions
                             where s.Id == hash && s.EndedAt == null && s.AccountKind == PlatformClaims.KindCitizen && s.AccountId == accountId
                             join c in db.Citizens on s.AccountId equals c.Id
                             select new
                             {
                                 s.LastSeenAt,
                                 c.Name,
                                 c.AssuranceLevel,
                                 Acting = acting != null && db.EnterpriseMembers.Any(m => m.CitizenId == c.Id && m.EnterpriseId == acting
                                     && m.RevokedAt == null && (m.ValidUntil == null || m.ValidUntil > now)),
                             }).AsNoTracking().FirstOrDefaultAsync(ct);
            if (row == null)
            {
                return null;
            }

            lastSeen = row.LastSeenAt;
            fresh = AccountClaims.ForCitizen(accountId, row.Name, row.AssuranceLevel, row.Acting ? acting : null);
        }
        else if (principal.IsStaff)
        {
            var row = await (from s in db.Sessions
                             where s.Id == hash && s.EndedAt == null && s.AccountKind == PlatformClaims.KindStaff && s.AccountId == accountId
                             join m in db.Staff on s.AccountId equals m.Id
                             where m.DisabledAt == null
                             select new { s.LastSeenAt, m.DisplayName, m.DepartmentId, m.RegionCode, Roles = m.Roles.Select(r => r.Role).ToList() })
                .AsNoTracking().FirstOrDefaultAsync(ct);
            if (row == null)
            {
                return null;
            }

            lastSeen = row.LastSeenAt;
            fresh = AccountClaims.ForStaff(accountId, row.DisplayName, row.DepartmentId, row.RegionCode, row.Roles);
        }
        else
        {
            return null;
        }

        if (now - lastSeen >= SeenResolution)
        {
            // Conditional, so two nodes seeing the same minute write once.
            var before = now - SeenResolution;
            await db.Sessions.Where(s => s.Id == hash && s.LastSeenAt <= before).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        }

        fresh.Add(new Claim(PlatformClaims.SessionId, sid));
        fresh.AddRange(user.Claims.Where(c => !Owned.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer, c.OriginalIssuer)));
        return fresh;
    }

    /// <summary>Sign-out: ends the principal's own session, audited in the same transaction.</summary>
    public async Task EndAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var sid = user.FindFirstValue(PlatformClaims.SessionId);
        if (string.IsNullOrEmpty(sid) || !Subjects.TryParse(user.FindFirstValue(PlatformClaims.Subject), out _, out _))
        {
            return;
        }

        await EndOneAsync(user.FindFirstValue(PlatformClaims.Subject)!, Hash(sid), SessionEndReasons.SignedOut, ct);
    }

    /// <summary>Ends a session that a new sign-in in the same browser replaces (not audited: the sign-in is).</summary>
    public async Task ReplaceAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.FindFirstValue(PlatformClaims.SessionId) is { Length: > 0 } sid)
        {
            var hash = Hash(sid);
            var now = clock.GetUtcNow();
            await db.Sessions.Where(s => s.Id == hash && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, SessionEndReasons.Replaced), ct);
        }
    }

    /// <summary>The open sessions of a citizen or staff member, newest first; <paramref name="currentSid"/> marks this one.</summary>
    public async Task<IReadOnlyList<SessionView>> OpenAsync(string kind, long accountId, string? currentSid, CancellationToken ct)
    {
        var current = string.IsNullOrEmpty(currentSid) ? null : Hash(currentSid);
        var rows = await db.Sessions.AsNoTracking().Where(s => s.AccountKind == kind && s.AccountId == accountId && s.EndedAt == null)
            .OrderByDescending(s => s.LastSeenAt).Take(50).ToListAsync(ct);
        return rows.Select(s => new SessionView(Handle(s.Id), s.Client, s.CreatedAt, s.LastSeenAt, s.Id == current)).ToList();
    }

    /// <summary>"End this session" from the sessions list: only a session of the same account, by its handle.</summary>
    public async Task<bool> EndByHandleAsync(string kind, long accountId, string? handle, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(handle) || handle.Length != HandleLength)
        {
            return false;
        }

        var candidates = await db.Sessions.AsNoTracking()
            .Where(s => s.AccountKind == kind && s.AccountId == accountId && s.EndedAt == null && s.Id.StartsWith(handle))
            .Select(s => s.Id).ToListAsync(ct);
        if (candidates.Count != 1)
        {
            return false;
        }

        var subject = kind == PlatformClaims.KindStaff ? Subjects.Staff(accountId) : Subjects.Citizen(accountId);
        return await EndOneAsync(subject, candidates[0], SessionEndReasons.EndedByUser, ct);
    }

    /// <summary>Ends every open session of the account except <paramref name="exceptSid"/>, on the caller's
    /// transaction (password reset or change, account disabled) with one audit entry naming the reason and count.</summary>
    public async Task<int> EndAllWithinAsync(string kind, long accountId, string? exceptSid, string reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var keep = string.IsNullOrEmpty(exceptSid) ? "" : Hash(exceptSid);
        var ended = await db.Sessions.Where(s => s.AccountKind == kind && s.AccountId == accountId && s.EndedAt == null && s.Id != keep)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
        if (ended > 0)
        {
            await AuditLog.AppendAsync(db, new AuditRecord(actor, null, "identity.sessions.ended", kind, accountId.ToString(CultureInfo.InvariantCulture),
                $"结束该账号的 {ended} 个登录会话（{reason}）"), now, ct);
        }

        return ended;
    }

    private async Task<bool> EndOneAsync(string subject, string hash, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (kind, id) = Subjects.Split(subject);
        var accountId = long.Parse(id, CultureInfo.InvariantCulture);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ended = await db.Sessions.Where(s => s.Id == hash && s.AccountKind == kind && s.AccountId == accountId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
        if (ended == 1)
        {
            await AuditLog.AppendAsync(db, new AuditRecord(subject, null, reason == SessionEndReasons.SignedOut ? "identity.signout" : "identity.session.ended",
                kind, id, reason == SessionEndReasons.SignedOut ? "退出登录，会话已结束" : $"结束登录会话 {Handle(hash)}"), now, ct);
        }

        await transaction.CommitAsync(ct);
        return ended == 1;
    }

    private const int HandleLength = 12;

    /// <summary>A short public name of a session for the list and its "end" button: the start of the stored hash
    /// (itself a hash of the secret id), so showing it reveals nothing usable.</summary>
    private static string Handle(string hash) => hash[..HandleLength];

    public static string Hash(string sid) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sid)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>"Chrome · Windows" from a User-Agent header: browser family and system only, nothing that identifies a person.</summary>
public static class ClientDescription
{
    public static string From(string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = ua switch
        {
            _ when ua.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when ua.Contains("MicroMessenger", StringComparison.Ordinal) => "微信",
            _ when ua.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal) => "Chrome",
            _ when ua.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ when ua.StartsWith("curl/", StringComparison.Ordinal) => "curl",
            _ => "其他浏览器",
        };
        var system = ua switch
        {
            _ when ua.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) => "iOS",
            _ when ua.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when ua.Contains("Mac OS X", StringComparison.Ordinal) => "macOS",
            _ when ua.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        return system == null ? browser : browser + " · " + system;
    }
}
