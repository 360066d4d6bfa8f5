using System.Globalization;
using OneWindow.Catalog.Domain;
using OneWindow.Shared.Http;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>
/// The guide as the browser posts it: every value a string, so whatever was typed ("abc" in a days field) comes back
/// unchanged when the page is shown again with errors. <see cref="ToGuide"/> parses it and reports bad numbers under
/// the same keys GuideValidator uses (materials[2].copies), so one error list drives the whole form.
/// </summary>
public sealed class GuideForm
{
    public string? BaseCode { get; set; }
    public string? Name { get; set; }
    public string? ItemType { get; set; }
    public string? ExerciseLevel { get; set; }
    public string? SubjectNature { get; set; }
    public string? ExerciseContent { get; set; }
    public List<int> Targets { get; set; } = [];
    public string? Topics { get; set; }
    public string? Keywords { get; set; }
    public string? Summary { get; set; }
    public string? AcceptanceConditions { get; set; }
    public string? StatutoryDays { get; set; }
    public string? PromisedDays { get; set; }
    public string? TimeLimitNote { get; set; }
    public string? CaseType { get; set; }
    public bool FeeCharged { get; set; }
    public string? FeeStandard { get; set; }
    public string? FeeBasis { get; set; }
    public List<int> Channels { get; set; } = [];
    public string? OnlineDepth { get; set; }
    public string? Visits { get; set; }
    public bool Appointment { get; set; }
    public bool OnlinePayment { get; set; }
    public bool Delivery { get; set; }
    public string? ConsultPhone { get; set; }
    public string? ComplaintPhone { get; set; }
    public string? QuantityLimit { get; set; }
    public string? Intermediary { get; set; }
    public string? JointDepartments { get; set; }
    public string? SpecialProcedures { get; set; }
    public string? Scope { get; set; }
    public string? ResultName { get; set; }
    public string? ResultKind { get; set; }
    public string? ResultLicenceType { get; set; }
    public List<LegalBasisRow> LegalBasis { get; set; } = [];
    public List<MaterialRow> Materials { get; set; } = [];
    public List<StepRow> Steps { get; set; } = [];
    public List<LocationRow> Locations { get; set; } = [];
    public List<FaqRow> Faq { get; set; } = [];

    public static readonly IReadOnlyList<string> Lists = ["legalBasis", "materials", "steps", "locations", "faq"];

    private static readonly char[] Separators = ['、', ',', '，', ';', '；', '\n', '\r'];

    public static GuideForm From(ItemGuide g) => new()
    {
        BaseCode = g.BaseCode, Name = g.Name, ItemType = g.ItemType, ExerciseLevel = Text(g.ExerciseLevel), SubjectNature = Text(g.SubjectNature),
        ExerciseContent = g.ExerciseContent, Targets = [.. g.Targets], Topics = string.Join("、", g.Topics), Keywords = string.Join("、", g.Keywords),
        Summary = g.Summary, AcceptanceConditions = g.AcceptanceConditions, StatutoryDays = Text(g.StatutoryDays), PromisedDays = Text(g.PromisedDays),
        TimeLimitNote = g.TimeLimitNote, CaseType = Text(g.CaseType), FeeCharged = g.Fee.Charged, FeeStandard = g.Fee.Standard, FeeBasis = g.Fee.Basis,
        Channels = [.. g.Channels], OnlineDepth = Text(g.OnlineDepth), Visits = Text(g.Visits), Appointment = g.Appointment, OnlinePayment = g.OnlinePayment,
        Delivery = g.Delivery, ConsultPhone = g.ConsultPhone, ComplaintPhone = g.ComplaintPhone, QuantityLimit = g.QuantityLimit, Intermediary = g.Intermediary,
        JointDepartments = string.Join("、", g.JointDepartments), SpecialProcedures = g.SpecialProcedures, Scope = g.Scope,
        ResultName = g.Result.Name, ResultKind = g.Result.Kind, ResultLicenceType = g.Result.LicenceType,
        LegalBasis = g.LegalBasis.Select(b => new LegalBasisRow { Law = b.Law, Article = b.Article, Text = b.Text }).ToList(),
        Materials = g.Materials.Select(m => new MaterialRow
        {
            Name = m.Name, Issuer = m.Issuer, Originals = Text(m.Originals), Copies = Text(m.Copies), Required = m.Required, Form = m.Form,
            BlankForm = m.BlankForm, Sample = m.Sample, Note = m.Note,
        }).ToList(),
        Steps = g.Steps.Select(s => new StepRow { Name = s.Name, Description = s.Description, Days = Text(s.Days) }).ToList(),
        Locations = g.Locations.Select(l => new LocationRow { Name = l.Name, Address = l.Address, Hours = l.Hours }).ToList(),
        Faq = g.Faq.Select(f => new FaqRow { Q = f.Q, A = f.A }).ToList(),
    };

    /// <summary>A new guide starts with sensible defaults, so an editor only fills in what differs.</summary>
    public static GuideForm Blank() => From(new ItemGuide { ExerciseLevel = 3, CaseType = 2, OnlineDepth = 1 });

    /// <summary>Drops rows ticked "删除" and rows left completely empty; runs before saving so indexes match the validator's.</summary>
    public void Compact(bool dropEmpty)
    {
        LegalBasis.RemoveAll(r => r.Delete || (dropEmpty && r.IsEmpty));
        Materials.RemoveAll(r => r.Delete || (dropEmpty && r.IsEmpty));
        Steps.RemoveAll(r => r.Delete || (dropEmpty && r.IsEmpty));
        Locations.RemoveAll(r => r.Delete || (dropEmpty && r.IsEmpty));
        Faq.RemoveAll(r => r.Delete || (dropEmpty && r.IsEmpty));
    }

    /// <summary>Every list ends with one empty row to type into; "添加一行" adds another to the list it names.</summary>
    public void EnsureEmptyRows(string? addTo)
    {
        Pad(LegalBasis, addTo == "legalBasis");
        Pad(Materials, addTo == "materials");
        Pad(Steps, addTo == "steps");
        Pad(Locations, addTo == "locations");
        Pad(Faq, addTo == "faq");
    }

    private static void Pad<T>(List<T> rows, bool extra) where T : IFormRow, new()
    {
        if (rows.Count == 0 || !rows[^1].IsEmpty)
        {
            rows.Add(new T());
        }

        if (extra)
        {
            rows.Add(new T());
        }
    }

    public ItemGuide ToGuide(ValidationErrors errors) => new()
    {
        BaseCode = T(BaseCode), Name = T(Name), ItemType = T(ItemType), ExerciseLevel = Int(errors, "exerciseLevel", ExerciseLevel),
        SubjectNature = Int(errors, "subjectNature", SubjectNature), ExerciseContent = T(ExerciseContent),
        LegalBasis = LegalBasis.Select(b => new OneWindow.Catalog.Domain.LegalBasis { Law = T(b.Law), Article = T(b.Article), Text = T(b.Text) }).ToList(),
        Targets = Targets.Distinct().ToList(), Topics = Split(Topics), Keywords = Split(Keywords), Summary = T(Summary), AcceptanceConditions = T(AcceptanceConditions),
        Materials = Materials.Select((m, i) => new Material
        {
            Name = T(m.Name), Issuer = T(m.Issuer), Originals = Int(errors, $"materials[{i}].originals", m.Originals), Copies = Int(errors, $"materials[{i}].copies", m.Copies),
            Required = m.Required, Form = T(m.Form), BlankForm = Null(m.BlankForm), Sample = Null(m.Sample), Note = T(m.Note),
        }).ToList(),
        Steps = Steps.Select((s, i) => new ProcessStep { Name = T(s.Name), Description = T(s.Description), Days = Int(errors, $"steps[{i}].days", s.Days) }).ToList(),
        StatutoryDays = Int(errors, "statutoryDays", StatutoryDays), PromisedDays = Int(errors, "promisedDays", PromisedDays), TimeLimitNote = T(TimeLimitNote),
        CaseType = Int(errors, "caseType", CaseType), Fee = new Fee { Charged = FeeCharged, Standard = T(FeeStandard), Basis = T(FeeBasis) },
        Locations = Locations.Select(l => new ServiceLocation { Name = T(l.Name), Address = T(l.Address), Hours = T(l.Hours) }).ToList(),
        Channels = Channels.Distinct().ToList(), OnlineDepth = Int(errors, "onlineDepth", OnlineDepth), Visits = Int(errors, "visits", Visits),
        Appointment = Appointment, OnlinePayment = OnlinePayment, Delivery = Delivery, ConsultPhone = T(ConsultPhone), ComplaintPhone = T(ComplaintPhone),
        QuantityLimit = T(QuantityLimit), Intermediary = T(Intermediary), JointDepartments = Split(JointDepartments), SpecialProcedures = T(SpecialProcedures),
        Scope = T(Scope), Faq = Faq.Select(f => new FaqEntry { Q = T(f.Q), A = T(f.A) }).ToList(),
        Result = new ItemResult { Name = T(ResultName), Kind = T(ResultKind), LicenceType = Null(ResultLicenceType) },
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string T(string? value) => value?.Trim() ?? "";

    private static string? Null(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Split(string? value) =>
        (value ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    private static int Int(ValidationErrors errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }

        if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(key, "请填写整数，例如 5");
        return 0;
    }
}

public interface IFormRow
{
    bool IsEmpty { get; }
}

public sealed class LegalBasisRow : IFormRow
{
    public string? Law { get; set; }
    public string? Article { get; set; }
    public string? Text { get; set; }
    public bool Delete { get; set; }
    public bool IsEmpty => string.IsNullOrWhiteSpace(Law) && string.IsNullOrWhiteSpace(Article) && string.IsNullOrWhiteSpace(Text);
}

public sealed class MaterialRow : IFormRow
{
    public string? Name { get; set; }
    public string? Issuer { get; set; }
    public string? Originals { get; set; } = "1";
    public string? Copies { get; set; } = "0";
    public bool Required { get; set; } = true;
    public string? Form { get; set; } = "electronic_or_paper";
    public string? BlankForm { get; set; }
    public string? Sample { get; set; }
    public string? Note { get; set; }
    public bool Delete { get; set; }

    // Counts and form have defaults, so only the typed texts decide whether a row was used.
    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Issuer) && string.IsNullOrWhiteSpace(BlankForm)
                           && string.IsNullOrWhiteSpace(Sample) && string.IsNullOrWhiteSpace(Note);
}

public sealed class StepRow : IFormRow
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Days { get; set; } = "0";
    public bool Delete { get; set; }
    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Description);
}

public sealed class LocationRow : IFormRow
{
    public string? Name { get; set; }
    public string? Address { get; set; }
    public string? Hours { get; set; }
    public bool Delete { get; set; }
    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Address) && string.IsNullOrWhiteSpace(Hours);
}

public sealed class FaqRow : IFormRow
{
    public string? Q { get; set; }
    public string? A { get; set; }
    public bool Delete { get; set; }
    public bool IsEmpty => string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(A);
}
