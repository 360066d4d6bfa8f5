using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Protection;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Http;

namespace OneWindow.Identity.Features.Enterprises;

/// <summary>An enterprise a citizen may act for, with the limits of that authorization.</summary>
public sealed record ActingOption(long EnterpriseId, string Name, string CreditCode, MemberRole Role, bool CanApply, bool CanManageAgents, DateTimeOffset? ValidUntil);

/// <summary>A person authorized for an enterprise, as its managers see them (ID number masked).</summary>
public sealed record AgentView(long MemberId, long CitizenId, string Name, string IdNumberMasked, MemberRole Role, bool CanApply, bool CanManageAgents, DateTimeOffset? ValidUntil, bool Active);

public sealed record AgentGrant(string? IdNumber, bool CanApply, bool CanManageAgents, DateOnly? ValidUntil);

public enum AgentOutcome
{
    Done,
    Invalid,

    /// <summary>The actor is not an active manager of that enterprise (or it does not exist): the same answer for both.</summary>
    NotAllowed,
}

/// <summary>
/// 经办人授权: who may act for an enterprise and within which limits; switching the enterprise a person acts for.
/// Only the legal representative and agents allowed to manage agents may grant or revoke; every change and every
/// switch is audited.
/// </summary>
public sealed class EnterpriseAgents(IdentityDbContext db, IdentityProtector protector, TimeProvider clock)
{
    public async Task<IReadOnlyList<ActingOption>> OptionsAsync(long citizenId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await (from m in db.EnterpriseMembers
                          join e in db.Enterprises on m.EnterpriseId equals e.Id
                          where m.CitizenId == citizenId && m.RevokedAt == null
                          orderby e.Name
                          select new { m, e.Name, e.CreditCode }).ToListAsync(ct);
        return rows.Where(r => r.m.IsActive(now))
            .Select(r => new ActingOption(r.m.EnterpriseId, r.Name, r.CreditCode, r.m.Role, r.m.CanApply, r.m.CanManageAgents, r.m.ValidUntil)).ToList();
    }

    /// <summary>The active authorization of the citizen for the enterprise, or null.</summary>
    public async Task<ActingOption?> OptionAsync(long citizenId, long enterpriseId, CancellationToken ct) =>
        (await OptionsAsync(citizenId, ct)).FirstOrDefault(o => o.EnterpriseId == enterpriseId);

    /// <summary>Records the switch (who now acts for which enterprise). Null when the citizen may not act for it.</summary>
    public async Task<ActingOption?> SwitchAsync(long citizenId, long? enterpriseId, CancellationToken ct)
    {
        ActingOption? option = null;
        if (enterpriseId is { } id && (option = await OptionAsync(citizenId, id, ct)) == null)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(Subjects.Citizen(citizenId), null, "identity.acting_for.switched", option == null ? "citizen" : "enterprise",
            option == null ? citizenId.ToString(CultureInfo.InvariantCulture) : option.EnterpriseId.ToString(CultureInfo.InvariantCulture),
            option == null ? "切换为以个人身份办事" : $"切换为代表法人办事（{option.CreditCode}）"), clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return option;
    }

    public async Task<IReadOnlyList<AgentView>?> AgentsAsync(long actorCitizenId, long enterpriseId, CancellationToken ct)
    {
        if (!await ManagesAsync(actorCitizenId, enterpriseId, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var rows = await (from m in db.EnterpriseMembers
                          join c in db.Citizens on m.CitizenId equals c.Id
                          where m.EnterpriseId == enterpriseId
                          orderby m.Role, m.GrantedAt
                          select new { m, c.Name, c.IdNumberMasked }).ToListAsync(ct);
        return rows.Select(r => new AgentView(r.m.Id, r.m.CitizenId, r.Name, r.IdNumberMasked, r.m.Role, r.m.CanApply, r.m.CanManageAgents, r.m.ValidUntil, r.m.IsActive(now))).ToList();
    }

    /// <summary>Authorizes a registered citizen (found by ID number) as an agent, or renews their authorization.</summary>
    public async Task<(AgentOutcome Outcome, ValidationErrors Errors)> GrantAsync(long actorCitizenId, long enterpriseId, AgentGrant grant, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!await ManagesAsync(actorCitizenId, enterpriseId, ct))
        {
            return (AgentOutcome.NotAllowed, errors);
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var check = CitizenIdNumber.Check(grant.IdNumber, today);
        Citizen? agent = null;
        if (!check.IsValid)
        {
            errors.Add("idNumber", check.Message!);
        }
        else
        {
            var index = protector.BlindIndex(check.Normalized!, ProtectedFields.CitizenIdNumber);
            agent = await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.IdNumberIndex == index, ct);
            if (agent == null)
            {
                errors.Add("idNumber", "该公民身份号码尚未注册个人账号，请经办人先注册");
            }
            else if (agent.Id == actorCitizenId)
            {
                errors.Add("idNumber", "不能给自己授权");
            }
        }

        if (grant.ValidUntil is { } until && until <= today)
        {
            errors.Add("validUntil", "授权截止日期须晚于今天");
        }

        if (!grant.CanApply && !grant.CanManageAgents)
        {
            errors.Add("canApply", "请至少授予一项权限");
        }

        if (!errors.IsValid)
        {
            return (AgentOutcome.Invalid, errors);
        }

        // Valid through the whole last day, China time.
        DateTimeOffset? validUntil = grant.ValidUntil is { } day ? ChinaTime.StartOf(day.AddDays(1)).ToUniversalTime() : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var member = await db.EnterpriseMembers.FirstOrDefaultAsync(m => m.EnterpriseId == enterpriseId && m.CitizenId == agent!.Id, ct);
        if (member is { Role: MemberRole.LegalRepresentative })
        {
            errors.Add("idNumber", "法定代表人无需授权");
            return (AgentOutcome.Invalid, errors);
        }

        if (member == null)
        {
            member = new EnterpriseMember { EnterpriseId = enterpriseId, CitizenId = agent!.Id, Role = MemberRole.Agent, GrantedBy = Subjects.Citizen(actorCitizenId) };
            db.EnterpriseMembers.Add(member);
        }

        member.CanApply = grant.CanApply;
        member.CanManageAgents = grant.CanManageAgents;
        member.ValidUntil = validUntil;
        member.GrantedBy = Subjects.Citizen(actorCitizenId);
        member.GrantedAt = now;
        member.RevokedAt = null;
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(Subjects.Citizen(actorCitizenId), null, "identity.agent.authorized", "enterprise", enterpriseId.ToString(CultureInfo.InvariantCulture),
            $"授权经办人 citizen:{agent!.Id}（办事 {(grant.CanApply ? "是" : "否")}，管理经办人 {(grant.CanManageAgents ? "是" : "否")}，截止 {grant.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "撤销为止"}）"), now, ct);
        await transaction.CommitAsync(ct);
        return (AgentOutcome.Done, errors);
    }

    public async Task<AgentOutcome> RevokeAsync(long actorCitizenId, long enterpriseId, long memberId, CancellationToken ct)
    {
        if (!await ManagesAsync(actorCitizenId, enterpriseId, ct))
        {
            return AgentOutcome.NotAllowed;
        }

        var member = await db.EnterpriseMembers.FirstOrDefaultAsync(m => m.Id == memberId && m.EnterpriseId == enterpriseId && m.Role == MemberRole.Agent && m.RevokedAt == null, ct);
        if (member == null)
        {
            return AgentOutcome.Invalid;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        member.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(Subjects.Citizen(actorCitizenId), null, "identity.agent.revoked", "enterprise", enterpriseId.ToString(CultureInfo.InvariantCulture),
            $"撤销经办人 citizen:{member.CitizenId} 的授权"), now, ct);
        await transaction.CommitAsync(ct);
        return AgentOutcome.Done;
    }

    private async Task<bool> ManagesAsync(long citizenId, long enterpriseId, CancellationToken ct) =>
        await OptionAsync(citizenId, enterpriseId, ct) is { } option && (option.Role == MemberRole.LegalRepresentative || option.CanManageAgents);
}
