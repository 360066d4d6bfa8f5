using OneWindow.Shared.Search;
using Xunit;

namespace OneWindow.Tests.Catalog;

public class PinyinTableTests
{
    private static PinyinTable Table => PinyinTable.Default;

    [Theory]
    [InlineData("银行", "yin hang")]
    [InlineData("行政", "xing zheng")]
    [InlineData("长期", "chang qi")]
    [InlineData("局长", "ju zhang")]
    [InlineData("重新", "chong xin")]
    [InlineData("重大", "zhong da")]
    [InlineData("音乐", "yin yue")]
    [InlineData("还款", "huan kuan")]
    [InlineData("传记", "zhuan ji")]
    [InlineData("单位", "dan wei")]
    [InlineData("朝阳", "zhao yang")]
    [InlineData("律师", "lv shi")]
    [InlineData("中国银行行长", "zhong guo yin hang hang zhang")]
    [InlineData("贷款还款", "dai kuan huan kuan")]
    [InlineData("合肥市长江中路", "he fei shi chang jiang zhong lu")]
    [InlineData("给排水", "ji pai shui")]
    public void Syllables_ReadPolyphonesFromPhrases(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Table.Syllables(text)));
    }

    [Fact]
    public void Syllables_FallBackToFirstReadingOutsidePhrases()
    {
        Assert.Equal(["xing"], Table.Syllables("行"));
        Assert.Equal(["chang"], Table.Syllables("长"));
        Assert.Equal(["zhong"], Table.Syllables("重"));
    }

    [Fact]
    public void Syllables_AreNullForNonCjkChars()
    {
        Assert.Equal(["hu", null, null, "zhao", null], Table.Syllables("护 a照!"));
        Assert.Empty(Table.Syllables(""));
    }

    [Fact]
    public void Syllables_UseForwardMaximumMatching()
    {
        // 银行长: the leftmost phrase 银行 wins over 行长, so 长 falls back to its first reading.
        var table = PinyinTable.Load(
            new StringReader("银\tyin\n行\txing,hang\n长\tchang,zhang\n"),
            new StringReader("# comment\n银行\tyin hang\n行长\thang zhang\n"));

        Assert.Equal(["yin", "hang", "chang"], table.Syllables("银行长"));
        Assert.Equal(["hang", "zhang"], table.Syllables("行长"));
    }

    [Fact]
    public void EveryCharacterOfCommonServiceVocabularyHasAReading()
    {
        const string text = "合肥市政务服务中心居民身份证营业执照护照户口";

        var syllables = Table.Syllables(text);

        Assert.Equal(text.Length, syllables.Count);
        for (var i = 0; i < text.Length; i++)
        {
            Assert.False(syllables[i] is null, $"no reading for {text[i]}");
            Assert.NotNull(Table.Readings(text[i]));
        }
    }

    [Fact]
    public void Readings_ListMostCommonFirst()
    {
        Assert.Equal(["xing", "hang", "heng"], Table.Readings('行'));
        Assert.Null(Table.Readings('a'));
    }

    [Fact]
    public void Readings_CoverEveryGb2312Hanzi()
    {
        // GB 2312 levels 1 and 2 (rows 0xB0..0xF7) are the 6763 characters of everyday simplified Chinese.
        var gb2312 = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(936)!;
        var missing = new List<char>();
        for (var row = 0xB0; row <= 0xF7; row++)
        {
            for (var cell = 0xA1; cell <= 0xFE; cell++)
            {
                if (row == 0xD7 && cell >= 0xFA)
                {
                    continue; // unassigned tail of level 1
                }

                var c = gb2312.GetString([(byte)row, (byte)cell]).Single();
                if (Table.Readings(c) is null)
                {
                    missing.Add(c);
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Readings_CoverNearlyAllUnifiedIdeographs()
    {
        var known = 0;
        for (var c = '\u4E00'; c <= '\u9FFF'; c++)
        {
            if (Table.Readings(c) is not null)
            {
                known++;
            }
        }

        // The few gaps are Japanese/Korean-only characters and recent additions without a Mandarin reading.
        Assert.True(known > 20_800, $"only {known} ideographs have readings");
    }

    [Theory]
    [InlineData("xian", "xian")]
    [InlineData("huzhao", "hu zhao")]
    [InlineData("shenfenzheng", "shen fen zheng")]
    [InlineData("yingye", "ying ye")]
    [InlineData("zhizhao", "zhi zhao")]
    [InlineData("fangan", "fang an")]
    [InlineData("xianggang", "xiang gang")]
    [InlineData("lvshi", "lv shi")]
    [InlineData("HuZhao", "hu zhao")]
    public void SplitSyllables_PrefersFewestSyllables(string latin, string expected)
    {
        var syllables = Table.SplitSyllables(latin);

        Assert.NotNull(syllables);
        Assert.Equal(expected, string.Join(' ', syllables));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sfz")]
    [InlineData("hz")]
    [InlineData("icp")]
    [InlineData("nm")]
    [InlineData("hu zhao")]
    [InlineData("hu1")]
    public void SplitSyllables_ReturnsNullWhenNotPinyin(string latin)
    {
        Assert.Null(Table.SplitSyllables(latin));
    }

    [Theory]
    [InlineData("zhuang", true)]
    [InlineData("lv", true)]
    [InlineData("a", true)]
    [InlineData("er", true)]
    [InlineData("x", false)]
    [InlineData("ng", false)]
    [InlineData("lü", false)]
    [InlineData("Hu", false)]
    public void IsSyllable_KnowsStandardSyllables(string s, bool expected)
    {
        Assert.Equal(expected, Table.IsSyllable(s));
    }

    [Fact]
    public void Default_IsLoadedOnceAndShared()
    {
        var tables = new PinyinTable[8];
        Parallel.For(0, tables.Length, i => tables[i] = PinyinTable.Default);

        Assert.All(tables, t => Assert.Same(Table, t));
    }

    [Fact]
    public void Load_RejectsMalformedData()
    {
        Assert.Throws<FormatException>(() => PinyinTable.Load(new StringReader("行 xing\n"), new StringReader("")));
        Assert.Throws<FormatException>(() => PinyinTable.Load(new StringReader("行\tXing\n"), new StringReader("")));
        Assert.Throws<FormatException>(() => PinyinTable.Load(new StringReader(""), new StringReader("银行\tyin\n")));
    }
}
