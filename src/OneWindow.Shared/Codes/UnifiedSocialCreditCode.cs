namespace OneWindow.Shared.Codes;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters over "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z).
/// Positions 9-17 are the GB 11714 organization code, itself carrying a check character at position 17.
/// </summary>
public static class UnifiedSocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public static bool IsValid(string? code) =>
        code is { Length: 18 } && code.All(c => Alphabet.Contains(c)) && CheckCharacter(code.AsSpan(0, 17)) == code[17];

    /// <summary>The 18th character for the first 17 (31 - sum mod 31, with 31 → 0).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Seventeen characters expected.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit-code character.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>GB 11714 organization code check character for 8 characters (digits, A=10 … Z=35): 11 - sum mod 11, 10 → X, 11 → 0.</summary>
    public static char OrganizationCheckCharacter(ReadOnlySpan<char> first8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = first8[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetterUpper(c) ? c - 'A' + 10 : throw new ArgumentException("Digits and capitals only.", nameof(first8));
            sum += value * OrgWeights[i];
        }

        var check = 11 - (sum % 11);
        return check switch { 10 => 'X', 11 => '0', _ => (char)('0' + check) };
    }

    /// <summary>Builds a complete code from its parts (used for demo and synthetic data).</summary>
    public static string Compose(char authority, char category, string divisionCode, string organizationBody8)
    {
        var org = organizationBody8 + OrganizationCheckCharacter(organizationBody8);
        var first17 = $"{authority}{category}{divisionCode}{org}";
        return first17 + CheckCharacter(first17);
    }
}
