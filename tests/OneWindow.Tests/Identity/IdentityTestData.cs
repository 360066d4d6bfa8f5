using OneWindow.Shared.Codes;

namespace OneWindow.Tests.Identity;

/// <summary>Unique, valid test identities: random birth dates and sequences, so tests sharing one database never collide.</summary>
public static class IdentityTestData
{
    public static string NewIdNumber()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 365 * 60));
        var first17 = $"110105{birth:yyyyMMdd}{Random.Shared.Next(0, 1000):D3}";
        return first17 + CitizenIdNumber.CheckCharacter(first17);
    }

    public static string NewName() => "测试" + Guid.NewGuid().ToString("N")[..8];

    public static string NewCreditCode() =>
        UnifiedSocialCreditCode.Compose('9', '1', "340100", Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A well-formed code whose check character is wrong.</summary>
    public static string NewBadCreditCode()
    {
        var code = NewCreditCode();
        var wrong = code[17] == '0' ? '1' : '0';
        return code[..17] + wrong;
    }

    public static object Citizen(string name, string idNumber, string phone = "13800138000", string password = "correct horse 42") =>
        new { name, idNumber, phone, password };
}
