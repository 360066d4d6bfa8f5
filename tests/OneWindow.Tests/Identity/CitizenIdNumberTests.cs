using OneWindow.Shared.Codes;

namespace OneWindow.Tests.Identity;

public sealed class CitizenIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Theory]
    [InlineData("11010519491231002X", "11010519491231002X")]
    [InlineData("11010519491231002x", "11010519491231002X")] // lowercase x is read as X
    [InlineData(" 11010519491231002X ", "11010519491231002X")] // surrounding spaces are ignored
    public void Accepts_the_standard_sample(string input, string normalized)
    {
        var check = CitizenIdNumber.Check(input, Today);
        Assert.True(check.IsValid);
        Assert.Equal(normalized, check.Normalized);
        Assert.Null(check.Message);
    }

    [Fact]
    public void The_1880_sample_has_a_correct_check_digit_but_a_birth_date_before_1900()
    {
        Assert.Equal('4', CitizenIdNumber.CheckCharacter("44052418800101001"));
        Assert.Equal(CitizenIdProblem.BirthDate, CitizenIdNumber.Check("440524188001010014", Today).Problem);
        Assert.Equal(CitizenIdProblem.CheckDigit, CitizenIdNumber.Check("440524190001010013", Today).Problem);
    }

    [Theory]
    [InlineData(null, CitizenIdProblem.Length)]
    [InlineData("", CitizenIdProblem.Length)]
    [InlineData("11010519491231002", CitizenIdProblem.Length)]
    [InlineData("11010519491231002XX", CitizenIdProblem.Length)]
    [InlineData("11010519491231002A", CitizenIdProblem.Characters)]
    [InlineData("1101051949123100X2", CitizenIdProblem.Characters)] // X only as the last character
    [InlineData("11010５19491231002X", CitizenIdProblem.Characters)] // full-width digit
    [InlineData("01010519491231002X", CitizenIdProblem.AddressCode)]
    [InlineData("110105194902300020", CitizenIdProblem.BirthDate)] // 30 February
    [InlineData("110105189912310020", CitizenIdProblem.BirthDate)] // before 1900
    [InlineData("110105202711240020", CitizenIdProblem.BirthDate)] // in the future
    [InlineData("110105194912310021", CitizenIdProblem.CheckDigit)]
    [InlineData("110105194912310020", CitizenIdProblem.CheckDigit)]
    public void Says_which_rule_failed(string? input, CitizenIdProblem problem)
    {
        var check = CitizenIdNumber.Check(input, Today);
        Assert.Equal(problem, check.Problem);
        Assert.Null(check.Normalized);
        Assert.False(string.IsNullOrEmpty(check.Message));
    }

    [Fact]
    public void Messages_name_the_problem()
    {
        Assert.Equal("请输入18位公民身份号码，最后一位可以是X", CitizenIdNumber.Check("123", Today).Message);
        Assert.Equal("出生日期不正确", CitizenIdNumber.Check("110105194902300020", Today).Message);
        Assert.Equal("校验码不正确，请核对", CitizenIdNumber.Check("110105194912310021", Today).Message);
    }

    [Fact]
    public void Today_is_allowed_as_a_birth_date_and_withdrawn_address_codes_are_not_refused()
    {
        var first17 = "11010520261124001";
        Assert.True(CitizenIdNumber.Check(first17 + CitizenIdNumber.CheckCharacter(first17), Today).IsValid);
        // 340111 (合肥市郊区) was withdrawn long ago; people born there keep their numbers.
        var old = "34011119700101001";
        Assert.True(CitizenIdNumber.Check(old + CitizenIdNumber.CheckCharacter(old), Today).IsValid);
    }

    [Fact]
    public void Masks_all_but_the_first_six_and_last_four() =>
        Assert.Equal("110105********002X", CitizenIdNumber.Mask("11010519491231002X"));
}
