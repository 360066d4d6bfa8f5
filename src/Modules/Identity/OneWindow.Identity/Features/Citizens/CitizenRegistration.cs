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
using OneWindow.Shared.Results;

namespace OneWindow.Identity.Features.Citizens;

/// <summary>自然人注册: checks the form, refuses a number already registered (without saying by whom), and stores
/// the citizen with the ID number and phone encrypted. The API and the /register page both call this.</summary>
public sealed partial class CitizenRegistration(IdentityDbContext db, IdentityProtector protector, IPasswordHasher<IHasCredentials> hasher, TimeProvider clock)
{
    public const int MinPasswordLength = Account.PasswordRules.MinLength;

    public async Task<Outcome<RegisteredCitizen>> RegisterAsync(CitizenRegistrationRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add("name", IdentityText.T("identity.name_required"));
        }
        else if (name.Length > 100)
        {
            errors.Add("name", IdentityText.T("identity.name_too_long"));
        }

        var idCheck = CitizenIdNumber.Check(request.IdNumber, ChinaTime.Today(clock));
        if (!idCheck.IsValid)
        {
            errors.Add("idNumber", IdentityText.T(idCheck.Problem switch
            {
                CitizenIdProblem.AddressCode => "identity.id_number_address",
                CitizenIdProblem.BirthDate => "identity.id_number_birth",
                CitizenIdProblem.CheckDigit => "identity.id_number_check",
                _ => "identity.id_number_format",
            }));
        }

        var phone = request.Phone?.Trim() ?? "";
        if (!MobilePattern().IsMatch(phone))
        {
            errors.Add("phone", IdentityText.T("identity.phone_format"));
        }

        var password = request.Password ?? "";
        if (Account.PasswordRules.Problem(password) is { } passwordProblem)
        {
            errors.Add("password", passwordProblem);
        }

        if (!errors.IsValid)
        {
            return IdentityText.Invalid(errors, "identity.registration_invalid");
        }

        var number = idCheck.Normalized!;
        var index = protector.BlindIndex(number, ProtectedFields.CitizenIdNumber);
        if (await db.Citizens.AnyAsync(c => c.IdNumberIndex == index, ct))
        {
            return AlreadyRegistered();
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
            return AlreadyRegistered();
        }

        return new RegisteredCitizen(citizen.Id, citizen.Name, citizen.IdNumberMasked, citizen.PhoneMasked, (int)citizen.AssuranceLevel);
    }

    /// <summary>Finds a citizen by ID number through the blind index (no decryption, no plaintext in the query).</summary>
    public async Task<Citizen?> FindByIdNumberAsync(string idNumber, CancellationToken ct)
    {
        var index = protector.CitizenIdNumberIndex(idNumber, ChinaTime.Today(clock));
        return index == null ? null : await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.IdNumberIndex == index, ct);
    }

    // Deliberately says nothing about the existing account: the number alone must not reveal who registered it.
    private static Failure AlreadyRegistered() => new(FailureKind.Conflict, "identity.id_number_registered", IdentityText.T("identity.title.registered"), IdentityText.T("identity.id_number_registered"));

    public static string MaskPhone(string phone) => string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(7, 4));

    /// <summary>Mainland mobile numbers: 11 digits, 1 then 3-9.</summary>
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();
}

public sealed record CitizenRegistrationRequest(string? Name, string? IdNumber, string? Phone, string? Password);

public sealed record RegisteredCitizen(long Id, string Name, string IdNumberMasked, string PhoneMasked, int AssuranceLevel);
