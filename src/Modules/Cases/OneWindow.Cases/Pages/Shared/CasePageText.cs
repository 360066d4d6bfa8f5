using OneWindow.Shared.Results;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;

using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages;

/// <summary>Shared bits of the case pages: a refused action's field errors laid out for _ErrorSummary and the fields.</summary>
public static class CasePageText
{
    /// <summary>Adds every message of the problem to <paramref name="errors"/>, anchored at the field id that
    /// <paramref name="anchor"/> gives for an error key ("materials[2]" → "material-2"); the detail when there are none.</summary>
    public static void AddProblem(FormErrors errors, Failure problem, Func<string, (string Id, string Label)> anchor)
    {
        if (problem.Errors is not { Count: > 0 })
        {
            errors.Add("", "", Lang.Pick(problem.Detail));
            return;
        }

        foreach (var (key, messages) in problem.Errors)
        {
            var (id, label) = anchor(key);
            foreach (var message in messages)
            {
                errors.Add(id, label, Lang.Pick(message));
            }
        }
    }

    public static string StatusClass(int status) => status switch
    {
        CaseStatus.Draft => "status-draft",
        CaseStatus.CorrectionStarted => "status-action",
        CaseStatus.ClosedApproved => "status-done",
        CaseStatus.NotAccepted or CaseStatus.ClosedRefused => "status-refused",
        _ when CaseStatus.IsFinal(status) => "status-closed",
        _ => "status-open",
    };

    public static string ProgressUrl(HttpRequest request, string number, string code) =>
        $"{request.Scheme}://{request.Host}/progress?number={Uri.EscapeDataString(number)}&code={Uri.EscapeDataString(code)}";

    /// <summary>A calendar day (deadlines) in the page's date style.</summary>
    public static string Day(DateOnly? day) =>
        day is { } d ? Lang.Date(ChinaTime.StartOf(d)) : "";
}
