using OneWindow.Shared.Data;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Protection;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Http;

namespace OneWindow.Identity.Features.Citizens;

/// <summary>自然人注册: checks the form, refuses a number already registered (without saying by whom), and stores
/// the citizen with the ID number and phone encrypted. The API and the /register page both call this.</summary>
public sealed partial class CitizenRegistration(IdentityDbContext db, IdentityProtector protector, IPasswordHasher<IHasCredentials> hasher, TimeProvider clock)
{
    public const int MinPasswordLength = Account.PasswordRules.MinLength;

    public async Task<RegistrationOutcome<RegisteredCitizen>> RegisterAsync(CitizenRegistrationRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add("name", "请填写姓名");
        }
        else if (name.Length > 100)
        {
            errors.Add("name", "姓名不能超过100个字符");
        }

        var idCheck = CitizenIdNumber.Check(request.IdNumber, ChinaTime.Today(clock));
        if (!idCheck.IsValid)
        {
            errors.Add("idNumber", idCheck.Message!);
        }

        var phone = request.Phone?.Trim() ?? "";
        if (!MobilePattern().IsMatch(phone))
        {
            errors.Add("phone", "请输入11位手机号码，例如 13800138000");
        }

        var password = request.Password ?? "";
        if (Account.PasswordRules.Problem(password) is { } passwordProblem)
        {
            errors.Add("password", passwordProblem);
        }

        if (!errors.IsValid)
        {
            return RegistrationOutcome<RegisteredCitizen>.Invalid(errors);
        }

        var number = idCheck.Normalized!;
        var index = protector.BlindIndex(number, ProtectedFields.CitizenIdNumber);
        if (await db.Citizens.AnyAsync(c => c.IdNumberIndex == index, ct))
        {
            return RegistrationOutcome<RegisteredCitizen>.Conflict(AlreadyRegistered);
        }

        var citizen = new Citizen
        {
            Name = name,
            IdNumberCipher = protector.Encrypt(number, ProtectedFields.CitizenIdNumber),
            IdNumberIndex = index,
            IdNumberMasked = CitizenIdNumber.Mask(number),
            PhoneCipher = protector.Encrypt(phone, ProtectedFields.CitizenPhone),
            PhoneMasked = MaskPhone(phone),
            PasswordHash = "",
            AssuranceLevel = AssuranceLevel.Registered,
            CreatedAt = clock.GetUtcNow(),
        };
        citizen.PasswordHash = hasher.HashPassword(citizen, password);
        db.Citizens.Add(citizen);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            // The audit entry names the account, never the person: no name, ID number or phone in the log.
            await AuditLog.AppendAsync(db, new AuditRecord($"citizen:{citizen.Id}", null, "identity.citizen.registered", "citizen",
                citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "公民自助注册（L1 已注册）"), citizen.CreatedAt, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return RegistrationOutcome<RegisteredCitizen>.Conflict(AlreadyRegistered);
        }

        return RegistrationOutcome<RegisteredCitizen>.Ok(new RegisteredCitizen(citizen.Id, citizen.Name, citizen.IdNumberMasked, citizen.PhoneMasked, (int)citizen.AssuranceLevel));
    }

    /// <summary>Finds a citizen by ID number through the blind index (no decryption, no plaintext in the query).</summary>
    public async Task<Citizen?> FindByIdNumberAsync(string idNumber, CancellationToken ct)
    {
        var index = protector.CitizenIdNumberIndex(idNumber, ChinaTime.Today(clock));
        return index == null ? null : await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.IdNumberIndex == index, ct);
    }

    // Deliberately says nothing about the existing account: the number alone must not reveal who registered it.
    private const string AlreadyRegistered = "该公民身份号码已注册。如非本人操作，请携带身份证件到政务服务窗口办理。";

    public static string MaskPhone(string phone) => string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7, 4));

    /// <summary>Mainland mobile numbers: 11 digits, 1 then 3-9.</summary>
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();
}

public sealed record CitizenRegistrationRequest(string? Name, string? IdNumber, string? Phone, string? Password);

public sealed record RegisteredCitizen(long Id, string Name, string IdNumberMasked, string PhoneMasked, int AssuranceLevel);
