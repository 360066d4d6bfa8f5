using OneWindow.Shared.Codes;

namespace OneWindow.Tests.Platform;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000600037341L")]
    public void Accepts_real_codes(string code) => Assert.True(UnifiedSocialCreditCode.IsValid(code));

    [Theory]
    [InlineData("91350100M000100Y44")] // wrong check character
    [InlineData("91350100M000100Y4")] // too short
    [InlineData("91350100I000100Y43")] // I is not in the alphabet
    [InlineData(null)]
    public void Rejects_bad_codes(string? code) => Assert.False(UnifiedSocialCreditCode.IsValid(code));

    [Fact]
    public void Composed_codes_are_valid_and_carry_the_division()
    {
        var code = UnifiedSocialCreditCode.Compose('1', '1', "340100", "00300001");
        Assert.True(UnifiedSocialCreditCode.IsValid(code));
        Assert.Equal("340100", code.Substring(2, 6));
    }
}
