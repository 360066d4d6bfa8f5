using System.Text.Json;
using OneWindow.Cases.Domain;

using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages;

/// <summary>
/// A printable notice (受理通知书, 补正通知书, 不予受理通知书, 决定书) for Pages/Shared/_CaseNotice.cshtml: the applicant's
/// page and the staff workbench build it the same way with <see cref="From"/>, so both print the same document.
/// </summary>
public sealed record CaseNoticeView(
    string Kind, string Title, string DepartmentName, string Office, DateTimeOffset IssuedAt, string CaseNumber, string ItemName,
    string ApplicantName, IReadOnlyList<string> Paragraphs, IReadOnlyList<(string What, string Problem)> Points, string QrSvgMarkup, string ProgressUrl)
{
    public static string TitleOf(string kind) => kind switch
    {
        "receipt" => Lang.L("受理通知书", "Notice of acceptance"),
        "correction" => Lang.L("补正材料通知书", "Notice to correct the application"),
        "not_accepted" => Lang.L("不予受理通知书", "Notice of non-acceptance"),
        "decision" => Lang.L("行政许可决定书", "Decision"),
        _ => kind,
    };

    /// <summary>The notice of a submitted case; <paramref name="progressUrl"/> is what the QR code opens.</summary>
    public static CaseNoticeView From(Case c, CaseNotice notice, string progressUrl)
    {
        var english = Lang.IsEnglish;
        var paragraphs = new List<string>();
        var points = new List<(string, string)>();
        switch (notice.Kind)
        {
            case "receipt":
                paragraphs.Add(Lang.L($"您申请的“{c.ItemName}”材料齐全、符合法定形式，本机关决定予以受理。", $"Your application for “{c.ItemName}” is complete and in due form; it is accepted."));
                if ((c.PromisedDueOn ?? c.DueOn) is { } due)
                {
                    paragraphs.Add(Lang.L($"本机关将于 {CasePageText.Day(due)} 前作出决定（法定期限 {c.StatutoryDays} 个工作日，承诺 {c.PromisedDays} 个工作日）。",
                        $"A decision will be made by {CasePageText.Day(due)} (statutory limit {c.StatutoryDays} working days, promised {c.PromisedDays})."));
                }

                break;
            case "correction":
                var body = CorrectionNotice.FromJson(notice.BodyJson);
                var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
                var form = FormDefinition.FromJson(c.FormJson);
                paragraphs.Add(Lang.L("您提交的申请需要补正，请一次性补正以下内容后重新提交：", "Your application needs corrections. Please correct all of the following and submit again:"));
                foreach (var p in body.Points)
                {
                    var what = p.MaterialIndex is { } i && i < materials.Count ? materials[i].Name
                        : form.AllFields.FirstOrDefault(f => f.Key == p.FieldKey)?.DisplayLabel(english) ?? "";
                    points.Add((what, p.Problem));
                }

                if (!string.IsNullOrEmpty(body.Note))
                {
                    paragraphs.Add(body.Note);
                }

                break;
            default:
                using (var json = JsonDocument.Parse(notice.BodyJson))
                {
                    var root = json.RootElement;
                    string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                    if (notice.Kind == "decision")
                    {
                        paragraphs.Add(Text("decision") == "approve"
                            ? Lang.L($"经审查，您申请的“{c.ItemName}”符合法定条件，决定准予许可。", $"Your application for “{c.ItemName}” meets the legal conditions and is granted.")
                            : Lang.L($"经审查，您申请的“{c.ItemName}”不符合法定条件，决定不予许可。", $"Your application for “{c.ItemName}” does not meet the legal conditions and is refused."));
                    }
                    else
                    {
                        paragraphs.Add(Lang.L($"您申请的“{c.ItemName}”，本机关决定不予受理。", $"Your application for “{c.ItemName}” is not accepted."));
                    }

                    if (Text("reason") is { Length: > 0 } reason)
                    {
                        paragraphs.Add(Lang.L("理由：", "Reason: ") + reason);
                    }

                    if (Text("remedy") is { Length: > 0 } remedy)
                    {
                        paragraphs.Add(Lang.L("救济途径：", "Legal remedy: ") + remedy);
                    }
                }

                break;
        }

        return new CaseNoticeView(notice.Kind, TitleOf(notice.Kind), c.DepartmentName, notice.Office, notice.IssuedAt, c.Number ?? "", c.ItemName, c.ApplicantName,
            paragraphs, points, QrSvg.Render(progressUrl, 3), progressUrl);
    }
}
