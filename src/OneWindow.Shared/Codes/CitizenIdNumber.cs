using System.Globalization;

namespace OneWindow.Shared.Codes;

/// <summary>
/// 公民身份号码 (GB 11643-1999): 6-digit address code (地址码, GB/T 2260), 8-digit birth date (出生日期码, YYYYMMDD),
/// 3-digit sequence (顺序码, odd for men) and a check character (校验码, ISO 7064 MOD 11-2, 0-9 or X).
/// Address codes are only checked for shape: numbers issued under withdrawn division codes stay valid for life.
/// </summary>
public static class CitizenIdNumber
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>Checks a number as typed (surrounding spaces ignored, lowercase x accepted) against the rules in order
    /// and says which one failed first. <paramref name="today"/> is the date in China (no birth dates after it).</summary>
    public static CitizenIdCheck Check(string? value, DateOnly today)
    {
        var text = value?.Trim() ?? "";
        if (text.Length != Length)
        {
            return new CitizenIdCheck(CitizenIdProblem.Length, null);
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return new CitizenIdCheck(CitizenIdProblem.Characters, null);
            }
        }

        var last = char.ToUpperInvariant(text[17]);
        if (!char.IsAsciiDigit(last) && last != 'X')
        {
            return new CitizenIdCheck(CitizenIdProblem.Characters, null);
        }

        // 地址码: province part 11-91; the rest is not checked against a list (withdrawn codes stay valid).
        if (text[0] == '0' || text.AsSpan(0, 6).SequenceEqual("000000"))
        {
            return new CitizenIdCheck(CitizenIdProblem.AddressCode, null);
        }

        if (!DateOnly.TryParseExact(text.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth < Earliest || birth > today)
        {
            return new CitizenIdCheck(CitizenIdProblem.BirthDate, null);
        }

        var normalized = string.Concat(text.AsSpan(0, 17), last.ToString());
        if (CheckCharacter(normalized.AsSpan(0, 17)) != last)
        {
            return new CitizenIdCheck(CitizenIdProblem.CheckDigit, null);
        }

        return new CitizenIdCheck(CitizenIdProblem.None, normalized);
    }

    /// <summary>ISO 7064 MOD 11-2 over the first 17 digits: sum of digit × weight, mod 11, mapped through "10X98765432".</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Seventeen digits expected.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                throw new ArgumentException("Digits only.", nameof(first17));
            }

            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>For display: the first 6 and last 4 characters, the birth date and most of the sequence hidden
    /// (110105********002X).</summary>
    public static string Mask(string normalized) =>
        normalized.Length == Length ? string.Concat(normalized.AsSpan(0, 6), new string('*', 8), normalized.AsSpan(14, 4)) : new string('*', normalized.Length);
}

/// <summary>Which rule a citizen ID number broke, so a form can say exactly what to fix.</summary>
public enum CitizenIdProblem
{
    None,
    Length,
    Characters,
    AddressCode,
    BirthDate,
    CheckDigit,
}

/// <summary>The outcome of <see cref="CitizenIdNumber.Check"/>: the normalized number (uppercase X) when valid.</summary>
public readonly record struct CitizenIdCheck(CitizenIdProblem Problem, string? Normalized)
{
    public bool IsValid => Problem == CitizenIdProblem.None;

    /// <summary>The message shown next to the field (Chinese; the portal is Chinese first).</summary>
    public string? Message => Problem switch
    {
        CitizenIdProblem.None => null,
        CitizenIdProblem.Length or CitizenIdProblem.Characters => "请输入18位公民身份号码，最后一位可以是X",
        CitizenIdProblem.AddressCode => "前6位地址码不正确",
        CitizenIdProblem.BirthDate => "出生日期不正确",
        _ => "校验码不正确，请核对",
    };
}
