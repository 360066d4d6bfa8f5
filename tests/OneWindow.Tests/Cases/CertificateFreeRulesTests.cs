using System.Text.Json;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Registry;

namespace OneWindow.Tests.Cases;

/// <summary>Instant-approval rules on fixed facts: every op, missing data never passing, masked values.</summary>
public sealed class CertificateFreeRulesTests
{
    private const string Code = "34010419870315001X";

    private static ApplicantFacts Facts(bool realName = true, bool withRegistry = true, bool withLibrary = true)
    {
        var profile = new ApplicantProfile("citizen:1", "张晓明", Code, ApplicantProfile.PersonCodeType, realName ? 2 : 1);
        var person = withRegistry
            ? new RegistryRecord(RegistryRecord.Person, Code, new Dictionary<string, RegistryFact>
            {
                ["name"] = new("name", "张晓明", "ga", "市公安局户籍系统", DateTimeOffset.UnixEpoch),
                ["birthDate"] = new("birthDate", "1987-03-15", "ga", "市公安局户籍系统", DateTimeOffset.UnixEpoch),
                ["householdRegion"] = new("householdRegion", "340104", "ga", "市公安局户籍系统", DateTimeOffset.UnixEpoch),
                ["maritalStatus"] = new("maritalStatus", "已婚", "mz", "市民政局婚姻登记系统", DateTimeOffset.UnixEpoch),
            })
            : null;
        IReadOnlyList<HeldLicence>? licences = withLibrary
            ? [new HeldLicence(1, "id-1", "JH", "结婚证", "J340104-2015-001", "张晓明", Code, "蜀山区民政局", new DateOnly(2015, 5, 20), new DateOnly(2015, 5, 20), null, new Dictionary<string, string> { ["spouseName"] = "王芳" })]
            : null;
        return new ApplicantFacts(profile, person, null, withRegistry, licences, new DateOnly(2026, 3, 14), new Dictionary<string, string?> { ["purpose"] = "首次申领" });
    }

    private static string Result(ApplicantFacts facts, string fact, string op, object? value = null) =>
        InstantRules.Evaluate(new InstantRule { Id = "r", Label = "r", Fact = fact, Op = op, Value = value == null ? null : JsonSerializer.SerializeToElement(value) }, facts).Result;

    [Fact]
    public void Every_op_reads_its_fact()
    {
        var facts = Facts();
        Assert.Equal("pass", Result(facts, "person.householdRegion", "startsWith", "3401"));
        Assert.Equal("fail", Result(facts, "person.householdRegion", "startsWith", "3402"));
        Assert.Equal("pass", Result(facts, "person.maritalStatus", "in", new[] { "已婚", "离婚" }));
        Assert.Equal("pass", Result(facts, "person.maritalStatus", "in", "未婚,已婚"));
        Assert.Equal("pass", Result(facts, "person.maritalStatus", "notEquals", "未婚"));
        Assert.Equal("fail", Result(facts, "person.age", "gte", 39)); // one day before the 39th birthday
        Assert.Equal("pass", Result(facts, "person.age", "lte", 38));
        Assert.Equal("pass", Result(facts, "person.birthDate", "lte", "1990-01-01"));
        Assert.Equal("pass", Result(facts, "person.deathDate", "absent"));
        Assert.Equal("pass", Result(facts, "licence:结婚证", "exists"));
        Assert.Equal("pass", Result(facts, "licence:结婚证.spouseName", "equals", "王芳"));
        Assert.Equal("pass", Result(facts, "licence:中华人民共和国社会保障卡", "absent"));
        Assert.Equal("pass", Result(facts, "answers.purpose", "equals", "首次申领"));
    }

    [Fact]
    public void Missing_data_is_never_a_pass()
    {
        Assert.Equal("missing", Result(Facts(withRegistry: false), "person.householdRegion", "startsWith", "3401"));
        Assert.Equal("missing", Result(Facts(withLibrary: false), "licence:中华人民共和国社会保障卡", "absent"));
        Assert.Equal("missing", Result(Facts(realName: false), "person", "exists"));
        Assert.Equal("missing", Result(Facts(), "person.ethnicity", "equals", "汉族")); // not on record: nothing to compare
        var summary = InstantRules.Explain([new AutoRuleResult("a", "户籍在合肥", "person.householdRegion", "startsWith", ["3401"], null, "missing")], []);
        Assert.StartsWith("未满足自动审批条件：户籍在合肥（缺少数据，无法核验）", summary);
    }

    [Fact]
    public void Personal_values_are_masked_in_the_record()
    {
        var facts = Facts();
        string? Value(string fact) => InstantRules.Evaluate(new InstantRule { Id = "r", Label = "r", Fact = fact, Op = "exists" }, facts).Value;
        Assert.Equal("张**", Value("person.name"));
        Assert.Equal("1987-**-**", Value("person.birthDate"));
        Assert.Equal("340104", Value("person.householdRegion"));
        Assert.Equal("38", Value("person.age"));
        Assert.DoesNotContain("2015-001", Value("licence:结婚证.number"));
        Assert.Equal("3401************1X", Value("applicant.code"));
    }

    [Fact]
    public void Definitions_refuse_unknown_facts_ops_and_materials()
    {
        Assert.Null(FactPath.Parse("person.shoeSize", forRule: true, out _));
        Assert.Null(FactPath.Parse("licence:结婚证", forRule: false, out _)); // prefill needs a field
        Assert.NotNull(FactPath.Parse("licence:结婚证.number", forRule: false, out _));
        Assert.Null(FactPath.Parse("answers.x", forRule: false, out _)); // answers are not a prefill source
        var instant = InstantDefinition.FromJson("""{"enabled":true,"rules":[{"id":"a","label":"x","fact":"person.age","op":"gte"}]}""")!;
        Assert.Contains(instant.CheckDefinition(), e => e.StartsWith("rules[0].value", StringComparison.Ordinal));
        var proofs = ProofsDefinition.FromJson("""{"materials":[{"materialIndex":0,"licence":["居民户口簿"]},{"material":"居民户口簿","commitment":"x"}]}""");
        Assert.Contains(proofs.CheckDefinition([new RequiredMaterial("居民户口簿", true, "paper", "")]), e => e.Contains("同一材料只能配置一次", StringComparison.Ordinal));
    }
}
