namespace OneWindow.Shared.Codes;

/// <summary>The parts of an e-licence identifier (证照标识), upper case.</summary>
public sealed record LicenceIdentifierParts(string TypeCode, string IssuerCode, string Serial, string Version, char Check)
{
    public override string ToString() => $"{LicenceIdentifier.Prefix}.{TypeCode}.{IssuerCode}.{Serial}.{Version}.{Check}";
}

/// <summary>
/// 证照标识 per GB/T 36903: <c>1.2.156.3005.2.{typeCode}.{issuerCode}.{serial}.{version}.{check}</c>. The type code is
/// the defining department's unified social credit code (18) + 3 digits, the issuer code the issuing agency's credit
/// code (18), the serial 1-32 characters of 0-9 A-Z chosen by the issuer, the version 3 digits, and the check character
/// ISO 7064 MOD 37,36 over typeCode + issuerCode + serial + version without dots and without the prefix. Letters are
/// case-insensitive; identifiers are composed and compared in upper case.
/// </summary>
public static class LicenceIdentifier
{
    public const string Prefix = "1.2.156.3005.2";
    public const int MaxSerialLength = 32;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const int M = 36;

    /// <summary>ISO 7064 MOD 37,36 (hybrid system, M = 36, alphabet 0-9 A-Z): p = M; for each character
    /// s = (p mod (M+1)) + value, p' = s mod M (0 → M), p = 2p' mod (M+1); the check character c makes (p + c) mod M = 1.</summary>
    public static char CheckCharacter(string body)
    {
        var p = M;
        foreach (var raw in body)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw));
            if (value < 0)
            {
                throw new ArgumentException($"'{raw}' is not in 0-9 A-Z.", nameof(body));
            }

            var s = p % (M + 1) + value;
            var reduced = s % M;
            if (reduced == 0)
            {
                reduced = M;
            }

            p = reduced * 2 % (M + 1);
        }

        return Alphabet[(((1 - p) % M) + M) % M];
    }

    /// <summary>Builds the identifier; throws ArgumentException naming the part that is malformed.</summary>
    public static string Compose(string typeCode, string issuerCode, string serial, string version = "001")
    {
        var parts = new[] { typeCode, issuerCode, serial, version }.Select(p => (p ?? "").ToUpperInvariant()).ToArray();
        if (PartProblem(parts[0], parts[1], parts[2], parts[3]) is { } problem)
        {
            throw new ArgumentException(problem.English);
        }

        return new LicenceIdentifierParts(parts[0], parts[1], parts[2], parts[3], CheckCharacter(string.Concat(parts))).ToString();
    }

    /// <summary>Parses an identifier (any letter case). On failure <paramref name="reason"/> says what is wrong, in
    /// Chinese and English ("校验位错误 (check character wrong)").</summary>
    public static bool TryParse(string? text, out LicenceIdentifierParts? parts, out string reason)
    {
        parts = null;
        var value = (text ?? "").Trim().ToUpperInvariant();
        if (value.Length == 0)
        {
            reason = "证照标识为空 (identifier is empty)";
            return false;
        }

        if (!value.StartsWith(Prefix + ".", StringComparison.Ordinal))
        {
            reason = $"证照标识须以 {Prefix} 开头 (identifier must start with {Prefix})";
            return false;
        }

        var rest = value[(Prefix.Length + 1)..].Split('.');
        if (rest.Length != 5)
        {
            reason = "证照标识应有类型代码、颁发机构代码、流水号、版本号、校验位五段 (identifier must have five parts after the prefix: type, issuer, serial, version, check)";
            return false;
        }

        if (PartProblem(rest[0], rest[1], rest[2], rest[3]) is { } problem)
        {
            reason = $"{problem.Chinese} ({problem.English})";
            return false;
        }

        if (rest[4].Length != 1 || !Alphabet.Contains(rest[4][0]))
        {
            reason = "校验位应为一位 0-9 或 A-Z (check must be one character 0-9 or A-Z)";
            return false;
        }

        var expected = CheckCharacter(rest[0] + rest[1] + rest[2] + rest[3]);
        if (expected != rest[4][0])
        {
            reason = "校验位错误 (check character wrong)";
            return false;
        }

        parts = new LicenceIdentifierParts(rest[0], rest[1], rest[2], rest[3], expected);
        reason = "";
        return true;
    }

    private static (string Chinese, string English)? PartProblem(string typeCode, string issuerCode, string serial, string version)
    {
        if (typeCode.Length != 21 || !UnifiedSocialCreditCode.IsValid(typeCode[..18]) || !typeCode[18..].All(char.IsAsciiDigit))
        {
            return ("证照类型代码应为定义部门统一社会信用代码加3位数字", "type code must be the definer's credit code followed by 3 digits");
        }

        if (!UnifiedSocialCreditCode.IsValid(issuerCode))
        {
            return ("颁发机构代码不是有效的统一社会信用代码", "issuer code is not a valid unified social credit code");
        }

        if (serial.Length is 0 or > MaxSerialLength || !serial.All(c => Alphabet.Contains(c)))
        {
            return ($"流水号应为1至{MaxSerialLength}位数字或大写字母", $"serial must be 1-{MaxSerialLength} characters 0-9 A-Z");
        }

        if (version.Length != 3 || !version.All(char.IsAsciiDigit))
        {
            return ("版本号应为3位数字", "version must be 3 digits");
        }

        return null;
    }
}
