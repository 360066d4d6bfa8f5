using System.Text.RegularExpressions;
using OneWindow.Shared.Search;
using Xunit;

namespace OneWindow.Tests.Catalog;

public class SearchTokenizerTests
{
    private const string Passport = "普通护照签发";
    private const string IdCard = "居民身份证补领";
    private const string BusinessLicence = "营业执照遗失补领";

    private static bool Matches(string query, params string[] itemTexts) =>
        SearchTokenizer.Matches(SearchTokenizer.DocumentTokens(itemTexts), SearchTokenizer.Parse(query));

    [Fact]
    public void DocumentTokens_ContainCharactersBigramsPinyinAndInitials()
    {
        var tokens = SearchTokenizer.DocumentTokens(["护照申请"]);

        string[] expected =
        [
            "护", "照", "申", "请", "护照", "照申", "申请",
            "p:hu", "p:zhao", "p:shen", "p:qing", "p:huzhao", "p:zhaoshen", "p:shenqing",
            "i:hz", "i:zs", "i:sq", "i:hzs", "i:zsq",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), tokens.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DocumentTokens_UsePhraseReadingsForPolyphones()
    {
        var tokens = SearchTokenizer.DocumentTokens(["中国银行", "行政复议"]);

        Assert.Contains("p:yinhang", tokens);
        Assert.Contains("p:xingzheng", tokens);
        Assert.DoesNotContain("p:yinxing", tokens);
    }

    [Fact]
    public void DocumentTokens_LowercaseLatinWordsAndFoldFullWidth()
    {
        var tokens = SearchTokenizer.DocumentTokens(["ICP备案", "ＡＰＰ2024版", null, "  "]);

        Assert.Contains("w:icp", tokens);
        Assert.Contains("w:app2024", tokens);
        Assert.Contains("备案", tokens);
        Assert.Contains("版", tokens);
    }

    [Fact]
    public void DocumentTokens_NeverContainWhitespaceOrPunctuation()
    {
        var tokens = SearchTokenizer.DocumentTokens(
            ["<b>护照</b> & 签证！", "\"身份证\"\t(补领)；<script>alert('x')</script>", "a\u00A0b\u3000c"]);

        Assert.NotEmpty(tokens);
        Assert.All(tokens, t => Assert.Matches(new Regex(@"^(?:[\u3007\u3400-\u4DBF\u4E00-\u9FFF]{1,2}|[pwi]:[a-z0-9]+)$"), t));
    }

    [Theory]
    [InlineData("huzhao")]
    [InlineData("hz")]
    [InlineData("护照")]
    [InlineData("护")]
    [InlineData("HuZhao")]
    [InlineData("护照 签发")]
    [InlineData("hu")]
    public void Passport_IsFound(string query)
    {
        Assert.True(Matches(query, Passport));
    }

    [Theory]
    [InlineData("身份证")]
    [InlineData("shenfenzheng")]
    [InlineData("sfz")]
    [InlineData("身份证 补领")]
    [InlineData("shenfenzheng buling")]
    public void IdCard_IsFound(string query)
    {
        Assert.True(Matches(query, IdCard));
    }

    [Theory]
    [InlineData("yingye zhizhao")]
    [InlineData("yinye zhizhao")]
    [InlineData("yyzz")]
    [InlineData("营业zhizhao")]
    [InlineData("营业执照")]
    [InlineData("yingyezhizhao")]
    public void BusinessLicence_IsFound(string query)
    {
        Assert.True(Matches(query, BusinessLicence));
    }

    [Theory]
    [InlineData("护照", IdCard)]
    [InlineData("huzhao", IdCard)]
    [InlineData("hz", IdCard)]
    [InlineData("身份证 护照", IdCard)]
    [InlineData("sfz", Passport)]
    [InlineData("证身", IdCard)]
    [InlineData("hangzheng", "行政复议申请")]
    public void UnrelatedItems_AreNotFound(string query, string item)
    {
        Assert.False(Matches(query, item));
    }

    [Theory]
    [InlineData("yinhang", "中国银行网点查询")]
    [InlineData("xingzheng", "行政复议申请")]
    [InlineData("jz", "公安局局长信箱")]
    [InlineData("huankuan", "住房公积金贷款还款")]
    [InlineData("icp", "ICP备案")]
    [InlineData("合肥", "护照办理", "合肥市公安局出入境管理支队")]
    public void Polyphones_LatinWordsAndOtherTexts_AreSearchable(string query, params string[] itemTexts)
    {
        Assert.True(Matches(query, itemTexts));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t\u3000 ")]
    [InlineData("，。！？!!...——《》")]
    [InlineData("<>&\"'")]
    public void QueriesWithoutSearchableText_HaveNoTermsAndMatchNothing(string? query)
    {
        var parsed = SearchTokenizer.Parse(query);

        Assert.Empty(parsed.Terms);
        Assert.True(parsed.IsEmpty);
        Assert.False(SearchTokenizer.Matches(SearchTokenizer.DocumentTokens([Passport]), parsed));
    }

    [Fact]
    public void Parse_SplitsMixedRunsIntoCjkAndLatinTerms()
    {
        var query = SearchTokenizer.Parse("营业zhizhao");

        Assert.Equal(["营业", "zhizhao"], query.Terms.Select(t => t.Text));
        Assert.True(SearchTokenizer.Matches(SearchTokenizer.DocumentTokens([BusinessLicence]), query));
    }

    [Fact]
    public void Parse_CjkTerms_UseTheCharOrItsBigrams()
    {
        var terms = SearchTokenizer.Parse("护 身份证").Terms;

        AssertAlternatives(terms[0], ["护"]);
        AssertAlternatives(terms[1], ["身份", "份证"]);
    }

    [Fact]
    public void Parse_LatinTerms_OfferWordPinyinAndInitials()
    {
        var terms = SearchTokenizer.Parse("HuZhao, hz; hu icp 2024").Terms;

        AssertAlternatives(terms[0], ["w:huzhao"], ["p:huzhao"], ["i:huz", "i:uzh", "i:zha", "i:hao"]);
        AssertAlternatives(terms[1], ["w:hz"], ["i:hz"]);
        AssertAlternatives(terms[2], ["w:hu"], ["p:hu"], ["i:hu"]);
        AssertAlternatives(terms[3], ["w:icp"], ["i:icp"]);
        AssertAlternatives(terms[4], ["w:2024"]);
    }

    [Fact]
    public void Parse_AddsNasalVariantsOfPinyin()
    {
        var term = SearchTokenizer.Parse("yinye").Terms.Single();

        Assert.Contains(term.Alternatives, a => a.SequenceEqual(["p:yinye"]));
        Assert.Contains(term.Alternatives, a => a.SequenceEqual(["p:yingye"]));
    }

    [Fact]
    public void Parse_CapsTermsAndLength()
    {
        var manyTerms = string.Join(' ', Enumerable.Range(1, 20).Select(i => $"t{i}"));
        Assert.Equal(SearchTokenizer.MaxQueryTerms, SearchTokenizer.Parse(manyTerms).Terms.Count);

        var longTerm = SearchTokenizer.Parse(new string('护', 200)).Terms.Single();
        Assert.Equal(SearchTokenizer.MaxQueryLength, longTerm.Text.Length);
    }

    [Fact]
    public void Parse_SurvivesAQueryCutInsideASurrogatePair()
    {
        var query = new string('a', SearchTokenizer.MaxQueryLength - 1) + "\U0001F600" + "护照";

        var terms = SearchTokenizer.Parse(query).Terms;

        Assert.Equal([new string('a', SearchTokenizer.MaxQueryLength - 1)], terms.Select(t => t.Text));
    }

    [Fact]
    public void Parse_DropsRepeatedTerms()
    {
        Assert.Single(SearchTokenizer.Parse("护照 护照，护照").Terms);
    }

    [Fact]
    public void Matches_AcceptsAnyTokenCollection()
    {
        var tokens = SearchTokenizer.DocumentTokens([Passport]).ToList();

        Assert.True(SearchTokenizer.Matches(tokens, SearchTokenizer.Parse("huzhao")));
    }

    private static void AssertAlternatives(QueryTerm term, params string[][] expected)
    {
        Assert.Equal(expected.Length, term.Alternatives.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], term.Alternatives[i]);
        }
    }
}
