using System.Text.RegularExpressions;
using OneWindow.Shared.Http;

namespace OneWindow.Catalog.Domain;

/// <summary>
/// Checks a guide before it is saved: every required element present, codes from their lists, lengths bounded.
/// Messages say how to fix the field (UX.md); keys are the camelCase paths the API and forms use.
/// Text is stored as typed (HTML included) and escaped when rendered, so it is not rejected for markup.
/// </summary>
public static partial class GuideValidator
{
    public const int ShortText = 100;
    public const int MediumText = 200;
    public const int LongText = 4000;

    public static ValidationErrors Validate(ItemGuide guide)
    {
        var errors = new ValidationErrors();
        Required(errors, "baseCode", guide.BaseCode, 32, "基本编码");
        if (!string.IsNullOrEmpty(guide.BaseCode) && !BaseCodePattern().IsMatch(guide.BaseCode))
        {
            errors.Add("baseCode", "基本编码只能包含数字和大写字母，长度4至32位");
        }

        Required(errors, "name", guide.Name, ShortText, "事项名称");
        if (!CatalogCodes.IsKnown(CatalogCodes.ItemTypes, guide.ItemType))
        {
            errors.Add("itemType", "请选择事项类型（如 01 行政许可、20 公共服务）");
        }

        if (!CatalogCodes.IsKnown(CatalogCodes.ExerciseLevels, guide.ExerciseLevel))
        {
            errors.Add("exerciseLevel", "请选择行使层级（1 国家级 至 7 分级行使）");
        }

        if (!CatalogCodes.IsKnown(CatalogCodes.SubjectNatures, guide.SubjectNature))
        {
            errors.Add("subjectNature", "请选择实施主体性质");
        }

        Required(errors, "exerciseContent", guide.ExerciseContent, LongText, "行使内容");
        ValidateLegalBasis(guide, errors);
        ValidateCodes(errors, "targets", guide.Targets, CatalogCodes.Targets, "请至少选择一类服务对象");
        ValidateCodes(errors, "channels", guide.Channels, CatalogCodes.Channels, "请至少选择一种办理形式");
        if (guide.Topics.Count > 10 || guide.Topics.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 20))
        {
            errors.Add("topics", "服务主题最多10个，每个不超过20字");
        }

        if (guide.Keywords.Count > 20 || guide.Keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 30))
        {
            errors.Add("keywords", "搜索关键词最多20个，每个不超过30字");
        }

        Required(errors, "summary", guide.Summary, 500, "事项简介");
        Required(errors, "acceptanceConditions", guide.AcceptanceConditions, LongText, "受理条件");
        ValidateMaterials(guide, errors);
        ValidateSteps(guide, errors);
        ValidateTimeLimits(guide, errors);
        ValidateFee(guide, errors);
        ValidateLocations(guide, errors);
        if (!CatalogCodes.IsKnown(CatalogCodes.OnlineDepths, guide.OnlineDepth))
        {
            errors.Add("onlineDepth", "请选择网上办理深度（一级至四级）");
        }

        if (!CatalogCodes.IsKnown(CatalogCodes.CaseTypes, guide.CaseType))
        {
            errors.Add("caseType", "请选择办件类型（即办件或承诺件）");
        }

        if (guide.Visits is < 0 or > 9)
        {
            errors.Add("visits", "到现场次数应为0至9次");
        }

        Phone(errors, "consultPhone", guide.ConsultPhone, "咨询电话");
        Phone(errors, "complaintPhone", guide.ComplaintPhone, "监督投诉电话");
        Optional(errors, "quantityLimit", guide.QuantityLimit, MediumText, "数量限制");
        Optional(errors, "intermediary", guide.Intermediary, MediumText, "中介服务");
        Optional(errors, "specialProcedures", guide.SpecialProcedures, LongText, "特别程序");
        Optional(errors, "scope", guide.Scope, 20, "通办范围");
        if (guide.JointDepartments.Count > 20 || guide.JointDepartments.Any(d => string.IsNullOrWhiteSpace(d) || d.Length > ShortText))
        {
            errors.Add("jointDepartments", "共同实施部门最多20个，每个不超过100字");
        }

        ValidateFaq(guide, errors);
        Required(errors, "result.name", guide.Result.Name, ShortText, "审批结果名称");
        if (!CatalogCodes.IsKnown(CatalogCodes.ResultKinds, guide.Result.Kind))
        {
            errors.Add("result.kind", "请选择审批结果类型");
        }

        Optional(errors, "result.licenceType", guide.Result.LicenceType, ShortText, "证照类型");
        return errors;
    }

    private static void ValidateLegalBasis(ItemGuide guide, ValidationErrors errors)
    {
        if (guide.LegalBasis.Count == 0)
        {
            errors.Add("legalBasis", "请至少填写一条设定依据（法律法规名称和条款）");
        }

        if (guide.LegalBasis.Count > 20)
        {
            errors.Add("legalBasis", "设定依据最多20条");
        }

        for (var i = 0; i < guide.LegalBasis.Count; i++)
        {
            var basis = guide.LegalBasis[i];
            Required(errors, $"legalBasis[{i}].law", basis.Law, MediumText, "法律法规名称");
            Required(errors, $"legalBasis[{i}].article", basis.Article, ShortText, "条款");
            Optional(errors, $"legalBasis[{i}].text", basis.Text, LongText, "条款内容");
        }
    }

    private static void ValidateMaterials(ItemGuide guide, ValidationErrors errors)
    {
        if (guide.Materials.Count > 50)
        {
            errors.Add("materials", "申请材料最多50项");
        }

        for (var i = 0; i < guide.Materials.Count; i++)
        {
            var material = guide.Materials[i];
            Required(errors, $"materials[{i}].name", material.Name, MediumText, "材料名称");
            Required(errors, $"materials[{i}].issuer", material.Issuer, ShortText, "出具单位");
            if (material.Originals is < 0 or > 99)
            {
                errors.Add($"materials[{i}].originals", "原件份数应为0至99");
            }

            if (material.Copies is < 0 or > 99)
            {
                errors.Add($"materials[{i}].copies", "复印件份数应为0至99");
            }

            if (!CatalogCodes.IsKnown(CatalogCodes.MaterialForms, material.Form))
            {
                errors.Add($"materials[{i}].form", "请选择材料形式（纸质、电子或纸质或电子）");
            }

            Optional(errors, $"materials[{i}].blankForm", material.BlankForm, MediumText, "空白表格");
            Optional(errors, $"materials[{i}].sample", material.Sample, LongText, "示例样表");
            Optional(errors, $"materials[{i}].note", material.Note, 1000, "填报说明");
        }
    }

    private static void ValidateSteps(ItemGuide guide, ValidationErrors errors)
    {
        if (guide.Steps.Count == 0)
        {
            errors.Add("steps", "请至少填写一个办理环节");
        }

        if (guide.Steps.Count > 30)
        {
            errors.Add("steps", "办理环节最多30个");
        }

        for (var i = 0; i < guide.Steps.Count; i++)
        {
            var step = guide.Steps[i];
            Required(errors, $"steps[{i}].name", step.Name, 50, "环节名称");
            Optional(errors, $"steps[{i}].description", step.Description, LongText, "环节说明");
            if (step.Days is < 0 or > 3650)
            {
                errors.Add($"steps[{i}].days", "环节时限应为0至3650个工作日");
            }
        }
    }

    private static void ValidateTimeLimits(ItemGuide guide, ValidationErrors errors)
    {
        if (guide.StatutoryDays is < 0 or > 3650)
        {
            errors.Add("statutoryDays", "法定办结时限应为0至3650个工作日");
        }

        if (guide.PromisedDays is < 0 or > 3650)
        {
            errors.Add("promisedDays", "承诺办结时限应为0至3650个工作日");
        }
        else if (guide.StatutoryDays > 0 && guide.PromisedDays > guide.StatutoryDays)
        {
            errors.Add("promisedDays", "承诺办结时限不能超过法定办结时限");
        }

        Optional(errors, "timeLimitNote", guide.TimeLimitNote, 1000, "时限说明");
    }

    private static void ValidateFee(ItemGuide guide, ValidationErrors errors)
    {
        Optional(errors, "fee.standard", guide.Fee.Standard, 1000, "收费标准");
        Optional(errors, "fee.basis", guide.Fee.Basis, 1000, "收费依据");
        if (guide.Fee.Charged)
        {
            Required(errors, "fee.standard", guide.Fee.Standard, 1000, "收费标准");
            Required(errors, "fee.basis", guide.Fee.Basis, 1000, "收费依据");
        }
    }

    private static void ValidateLocations(ItemGuide guide, ValidationErrors errors)
    {
        if (guide.Locations.Count == 0)
        {
            errors.Add("locations", "请至少填写一个办理地点");
        }

        if (guide.Locations.Count > 20)
        {
            errors.Add("locations", "办理地点最多20个");
        }

        for (var i = 0; i < guide.Locations.Count; i++)
        {
            Required(errors, $"locations[{i}].name", guide.Locations[i].Name, MediumText, "地点名称");
            Required(errors, $"locations[{i}].address", guide.Locations[i].Address, MediumText, "详细地址");
            Required(errors, $"locations[{i}].hours", guide.Locations[i].Hours, MediumText, "办理时间");
        }
    }

    private static void ValidateFaq(ItemGuide guide, ValidationErrors errors)
    {
        if (guide.Faq.Count > 30)
        {
            errors.Add("faq", "常见问题最多30条");
        }

        for (var i = 0; i < guide.Faq.Count; i++)
        {
            Required(errors, $"faq[{i}].q", guide.Faq[i].Q, 500, "问题");
            Required(errors, $"faq[{i}].a", guide.Faq[i].A, LongText, "解答");
        }
    }

    private static void ValidateCodes(ValidationErrors errors, string field, List<int> values, IReadOnlyList<CatalogCodes.Code<int>> codes, string emptyMessage)
    {
        if (values.Count == 0)
        {
            errors.Add(field, emptyMessage);
        }
        else if (values.Any(v => !CatalogCodes.IsKnown(codes, v)) || values.Distinct().Count() != values.Count)
        {
            errors.Add(field, "包含无效或重复的选项");
        }
    }

    private static void Phone(ValidationErrors errors, string field, string? value, string label)
    {
        if (Required(errors, field, value, 40, label) && !PhonePattern().IsMatch(value!))
        {
            errors.Add(field, $"{label}格式不正确，例如 0551-12345 或 0551-63538000");
        }
    }

    private static bool Required(ValidationErrors errors, string field, string? value, int maxLength, string label)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"请填写{label}");
            return false;
        }

        return Optional(errors, field, value, maxLength, label);
    }

    private static bool Optional(ValidationErrors errors, string field, string? value, int maxLength, string label)
    {
        if (value != null && value.Length > maxLength)
        {
            errors.Add(field, $"{label}不能超过{maxLength}个字符（现为{value.Length}个）");
            return false;
        }

        if (value != null && value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(field, $"{label}包含不可见的控制字符，请删除后重试");
            return false;
        }

        return true;
    }

    [GeneratedRegex("^[0-9A-Z]{4,32}$")]
    private static partial Regex BaseCodePattern();

    [GeneratedRegex(@"^[0-9+\-（）() 转、,，]{3,40}$")]
    private static partial Regex PhonePattern();
}
