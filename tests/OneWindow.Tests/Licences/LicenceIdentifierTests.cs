using OneWindow.Shared.Codes;

namespace OneWindow.Tests.Licences;

/// <summary>GB/T 36903 identifiers and their ISO 7064 MOD 37,36 check character, against hand-computed vectors and an
/// independent implementation written from the standard's "the whole string reduces to 1" rule.</summary>
public sealed class LicenceIdentifierTests
{
    // Definer 中华人民共和国民政部 (synthetic 111000000000130202), its 13th type; issuer 113401000000000433.
    private const string TypeCode = "111000000000130202013";
    private const string Issuer = "113401000000000433";

    [Theory]
    // "ABC": p=36. A(10): s=36+10=46, 46 mod 36=10, p=20. B(11): s=20+11=31, p=62 mod 37=25.
    //        C(12): s=25+12=37, 37 mod 36=1, p=2. (2+c) mod 36 = 1 → c=35 → 'Z'.
    [InlineData("ABC", 'Z')]
    // "0": p=36. 0: s=36, 36 mod 36=0 → 36, p=72 mod 37=35. (35+c) mod 36 = 1 → c=2 → '2'.
    [InlineData("0", '2')]
    // "A1": A as above → p=20. 1: s=21, p=42 mod 37=5. (5+c) mod 36 = 1 → c=32 → 'W'.
    [InlineData("A1", 'W')]
    [InlineData("abc", 'Z')] // letters are case-insensitive
    public void Check_character_matches_hand_computed_vectors(string body, char expected) =>
        Assert.Equal(expected, LicenceIdentifier.CheckCharacter(body));

    [Theory]
    [InlineData("123456")]
    [InlineData(TypeCode + Issuer + "0000000000001" + "001")]
    [InlineData(TypeCode + Issuer + "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ" + "999")]
    public void Check_character_agrees_with_an_independent_implementation(string body) =>
        Assert.True(ReducesToOne(body + LicenceIdentifier.CheckCharacter(body)));

    [Fact]
    public void Compose_builds_the_dotted_identifier_and_parse_reads_it_back()
    {
        var identifier = LicenceIdentifier.Compose(TypeCode, Issuer, "0000000000001");

        // Independently computed (python, the same recurrence): check of the concatenation is 'C'.
        Assert.Equal($"1.2.156.3005.2.{TypeCode}.{Issuer}.0000000000001.001.C", identifier);
        Assert.True(LicenceIdentifier.TryParse(identifier.ToLowerInvariant(), out var parts, out _));
        Assert.Equal((TypeCode, Issuer, "0000000000001", "001", 'C'), (parts!.TypeCode, parts.IssuerCode, parts.Serial, parts.Version, parts.Check));
    }

    [Fact]
    public void Every_wrong_check_character_is_refused_with_its_reason()
    {
        var identifier = LicenceIdentifier.Compose(TypeCode, Issuer, "ABC123");
        foreach (var c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".Where(c => c != identifier[^1]))
        {
            Assert.False(LicenceIdentifier.TryParse(identifier[..^1] + c, out _, out var reason));
            Assert.Contains("check character wrong", reason);
        }
    }

    [Theory]
    [InlineData("1.2.156.3005.3." + TypeCode + "." + Issuer + ".1.001.0", "must start with")]
    [InlineData(TypeCode + "." + Issuer + ".1.001.0", "must start with")]
    [InlineData("1.2.156.3005.2." + TypeCode + "." + Issuer + ".1.001", "five parts")]
    [InlineData("1.2.156.3005.2.11100000000013020201." + Issuer + ".1.001.0", "type code")]
    [InlineData("1.2.156.3005.2." + TypeCode + ".11340100000000043.1.001.0", "issuer code")]
    [InlineData("1.2.156.3005.2." + TypeCode + ".113401000000000434.1.001.0", "issuer code")] // bad credit-code check
    [InlineData("1.2.156.3005.2." + TypeCode + "." + Issuer + ".123456789012345678901234567890123.001.0", "serial")]
    [InlineData("1.2.156.3005.2." + TypeCode + "." + Issuer + ".AB-1.001.0", "serial")]
    [InlineData("1.2.156.3005.2." + TypeCode + "." + Issuer + ".1.01.0", "version")]
    [InlineData("1.2.156.3005.2." + TypeCode + "." + Issuer + ".1.001.00", "check must be one character")]
    [InlineData("", "empty")]
    public void Malformed_identifiers_say_what_is_wrong(string identifier, string reason)
    {
        Assert.False(LicenceIdentifier.TryParse(identifier, out var parts, out var why));
        Assert.Null(parts);
        Assert.Contains(reason, why);
    }

    [Fact]
    public void Compose_refuses_malformed_parts() =>
        Assert.Throws<ArgumentException>(() => LicenceIdentifier.Compose(TypeCode, Issuer, "", "001"));

    /// <summary>ISO 7064 hybrid-system validation written separately: run every character (the check included)
    /// through p → ((p mod 37) + a) mod 36 (0 → 36); a valid string ends with the last reduced value 1.</summary>
    private static bool ReducesToOne(string full)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var p = 36;
        var reduced = 0;
        foreach (var ch in full.ToUpperInvariant())
        {
            var sum = (p % 37) + alphabet.IndexOf(ch);
            reduced = sum % 36 == 0 ? 36 : sum % 36;
            p = reduced * 2 % 37;
        }

        return reduced == 1;
    }
}
