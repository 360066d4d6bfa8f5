using System.Globalization;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Registry;

namespace OneWindow.Registry.Domain;

/// <summary>One registry field: its key (the contract with case handling), labels, and what a valid value is.</summary>
/// <param name="Optional">Absent by nature for many records (deathDate while alive): not counted as missing in completeness.</param>
public sealed record RegistryField(string Key, string Zh, string En, FieldFormat Format, int MaxLength = 100, IReadOnlyList<string>? Allowed = null, bool Optional = false);

public enum FieldFormat
{
    Text,
    Enumeration,
    Date,
    Region,
    Decimal,
}

/// <summary>The fields of the population registry (人口库) and the legal-person registry (法人库), in display order.</summary>
public static class RegistryFields
{
    public static readonly IReadOnlyList<string> Kinds = [RegistryRecord.Person, RegistryRecord.LegalPerson];

    public static readonly IReadOnlyList<RegistryField> Person =
    [
        new("name", "姓名", "Name", FieldFormat.Text, 50),
        new("gender", "性别", "Gender", FieldFormat.Enumeration, Allowed: ["男", "女"]),
        new("birthDate", "出生日期", "Date of birth", FieldFormat.Date),
        new("ethnicity", "民族", "Ethnicity", FieldFormat.Text, 20),
        new("householdRegion", "户籍所在地（区划）", "Household registration division", FieldFormat.Region),
        new("householdAddress", "户籍地址", "Household registration address", FieldFormat.Text, 200),
        new("maritalStatus", "婚姻状况", "Marital status", FieldFormat.Enumeration, Allowed: ["未婚", "已婚", "离婚", "丧偶"]),
        new("deathDate", "死亡日期", "Date of death", FieldFormat.Date, Optional: true),
    ];

    public static readonly IReadOnlyList<RegistryField> LegalPerson =
    [
        new("name", "名称", "Name", FieldFormat.Text, 200),
        new("kind", "主体类型", "Kind", FieldFormat.Enumeration, Allowed: ["企业法人", "个体工商户", "社会团体", "民办非企业单位", "事业单位", "机关"]),
        new("legalRepresentative", "法定代表人", "Legal representative", FieldFormat.Text, 50),
        new("registeredCapital", "注册资本（万元）", "Registered capital (10k CNY)", FieldFormat.Decimal),
        new("establishedOn", "成立日期", "Established on", FieldFormat.Date),
        new("address", "住所", "Address", FieldFormat.Text, 200),
        new("regionCode", "所在区划", "Division", FieldFormat.Region),
        new("businessScope", "经营（业务）范围", "Business scope", FieldFormat.Text, 2000),
        new("status", "登记状态", "Status", FieldFormat.Enumeration, Allowed: ["存续", "注销", "吊销"]),
    ];

    public static bool IsKind(string? kind) => kind is RegistryRecord.Person or RegistryRecord.LegalPerson;

    public static IReadOnlyList<RegistryField> Of(string kind) => kind == RegistryRecord.Person ? Person : LegalPerson;

    public static RegistryField? Find(string kind, string field) => Of(kind).FirstOrDefault(f => f.Key == field);

    public static (string Zh, string En) KindTitle(string kind) =>
        kind == RegistryRecord.Person ? ("人口库", "Population registry") : ("法人库", "Legal-person registry");

    /// <summary>Checks a registry code: a citizen ID number (GB 11643, check digit) or a USCC (GB 32100, check
    /// character). Returns the normalized code or an error message.</summary>
    public static (string? Code, string? Error) CheckCode(string kind, string? code, DateOnly today)
    {
        var text = code?.Trim() ?? "";
        if (kind == RegistryRecord.Person)
        {
            var check = CitizenIdNumber.Check(text, today);
            return check.Problem switch
            {
                CitizenIdProblem.None => (check.Normalized, null),
                CitizenIdProblem.Length => (null, "公民身份号码应为18位"),
                CitizenIdProblem.Characters => (null, "公民身份号码应为17位数字加1位数字或X"),
                CitizenIdProblem.AddressCode => (null, "公民身份号码的地址码无效"),
                CitizenIdProblem.BirthDate => (null, "公民身份号码中的出生日期无效"),
                _ => (null, "公民身份号码校验码不正确"),
            };
        }

        var upper = text.ToUpperInvariant();
        return UnifiedSocialCreditCode.IsValid(upper) ? (upper, null) : (null, "统一社会信用代码无效（长度、字符或校验码不正确）");
    }

    /// <summary>Checks one value by its field's format (division codes are checked against the list by the caller).
    /// Returns the normalized value or an error message.</summary>
    public static (string? Value, string? Error) CheckValue(RegistryField field, string? raw, DateOnly today)
    {
        var value = raw?.Trim() ?? "";
        if (value.Length == 0)
        {
            return (null, $"{field.Zh}不能为空");
        }

        switch (field.Format)
        {
            case FieldFormat.Enumeration:
                return field.Allowed!.Contains(value) ? (value, null) : (null, $"{field.Zh}应为{string.Join("、", field.Allowed!)}之一");
            case FieldFormat.Date:
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year < 1900)
                {
                    return (null, $"{field.Zh}应为有效日期 YYYY-MM-DD");
                }

                return date > today ? (null, $"{field.Zh}不能晚于今天") : (value, null);
            case FieldFormat.Region:
                return value.Length == 6 && value.All(char.IsAsciiDigit) ? (value, null) : (null, $"{field.Zh}应为6位行政区划代码");
            case FieldFormat.Decimal:
                if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount < 0 || amount > 100_000_000m || decimal.Round(amount, 6) != amount)
                {
                    return (null, $"{field.Zh}应为不小于0的数字（单位万元，最多6位小数）");
                }

                return (amount.ToString("0.######", CultureInfo.InvariantCulture), null);
            default:
                return value.Length <= field.MaxLength ? (value, null) : (null, $"{field.Zh}不能超过{field.MaxLength}个字符");
        }
    }
}
