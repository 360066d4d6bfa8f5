using OneWindow.Shared.Data;
using OneWindow.Shared.Audit;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;

namespace OneWindow.Identity.Features.Enterprises;

/// <summary>法人登记: an enterprise by its 统一社会信用代码. A code whose check character does not compute is refused
/// unless a platform admin overrides the checksum with a reason (some codes in real use fail it).</summary>
public sealed class EnterpriseRegistration(IdentityDbContext db, TimeProvider clock)
{
    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <param name="registrant">The signed-in citizen registering it, who becomes its legal representative when the names
    /// agree and otherwise its first agent with the right to authorize others; null for registrations by API clients.</param>
    public async Task<Outcome<RegisteredEnterprise>> RegisterAsync(EnterpriseRegistrationRequest request, string actor, bool actorIsPlatformAdmin, CancellationToken ct, Citizen? registrant = null)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", IdentityText.T("identity.enterprise_name"));
        }

        var legal = request.LegalRepresentative?.Trim() ?? "";
        if (legal.Length is 0 or > 100)
        {
            errors.Add("legalRepresentative", IdentityText.T("identity.legal_representative"));
        }

        var code = request.CreditCode?.Trim().ToUpperInvariant() ?? "";
        var overriding = request.ChecksumOverride == true;
        var reason = request.OverrideReason?.Trim();
        var wellFormed = code.Length == 18 && code.All(c => CreditCodeAlphabet.Contains(c));
        var checksumOk = wellFormed && UnifiedSocialCreditCode.IsValid(code);
        if (!wellFormed)
        {
            errors.Add("creditCode", IdentityText.T("identity.credit_code_format"));
        }
        else if (!checksumOk && !overriding)
        {
            errors.Add("creditCode", IdentityText.T("identity.credit_code_check"));
        }

        if (overriding && !checksumOk)
        {
            if (!actorIsPlatformAdmin)
            {
                return IdentityText.Fail(FailureKind.Forbidden, "identity.override_forbidden");
            }

            if (string.IsNullOrEmpty(reason) || reason.Length > 500)
            {
                errors.Add("overrideReason", IdentityText.T("identity.override_reason"));
            }
        }

        if (!errors.IsValid)
        {
            return IdentityText.Invalid(errors, "identity.enterprise_invalid");
        }

        if (await db.Enterprises.AnyAsync(e => e.CreditCode == code, ct))
        {
            return AlreadyRegistered();
        }

        var enterprise = new Enterprise
        {
            Name = name,
            CreditCode = code,
            LegalRepresentativeName = legal,
            ChecksumOverride = !checksumOk,
            OverrideReason = checksumOk ? null : reason,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Enterprises.Add(enterprise);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            if (registrant != null)
            {
                db.EnterpriseMembers.Add(new EnterpriseMember
                {
                    EnterpriseId = enterprise.Id,
                    CitizenId = registrant.Id,
                    Role = registrant.Name == legal ? MemberRole.LegalRepresentative : MemberRole.Agent,
                    CanApply = true,
                    CanManageAgents = true,
                    GrantedBy = actor,
                    GrantedAt = enterprise.CreatedAt,
                });
                await db.SaveChangesAsync(ct);
            }

            // A checksum override is a manual decision about a real code: it is recorded (the flag, not the free-text reason).
            await AuditLog.AppendAsync(db, new AuditRecord(actor, null,
                enterprise.ChecksumOverride ? "identity.enterprise.registered_with_override" : "identity.enterprise.registered", "enterprise",
                enterprise.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                enterprise.ChecksumOverride ? $"法人登记 {code}（校验码人工确认）" : $"法人登记 {code}"), enterprise.CreatedAt, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return AlreadyRegistered();
        }

        return new RegisteredEnterprise(enterprise.Id, enterprise.Name, enterprise.CreditCode, enterprise.LegalRepresentativeName, enterprise.ChecksumOverride);
    }

    private static Failure AlreadyRegistered() => new(FailureKind.Conflict, "identity.credit_code_registered", IdentityText.T("identity.title.registered"), IdentityText.T("identity.credit_code_registered"));
}

public sealed record EnterpriseRegistrationRequest(string? Name, string? CreditCode, string? LegalRepresentative, bool? ChecksumOverride, string? OverrideReason);

public sealed record RegisteredEnterprise(long Id, string Name, string CreditCode, string LegalRepresentative, bool ChecksumOverride);
