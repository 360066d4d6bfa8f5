using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OneWindow.Shared.Results;

namespace OneWindow.Shared.Web;

/// <summary>The one mapping of <see cref="Failure"/> to HTTP (an RFC 9457 problem carrying <c>code</c>; field errors as
/// a validation problem) and to a page's form errors.</summary>
public static class FailureResponses
{
    public static ProblemHttpResult ToProblem(this Failure failure)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = failure.Code };
        return failure.Errors is { Count: > 0 } errors
            ? TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = failure.Status,
                Title = failure.Title,
                Detail = failure.Detail,
                Extensions = { ["code"] = failure.Code },
            })
            : TypedResults.Problem(failure.Detail, statusCode: failure.Status, title: failure.Title, extensions: extensions);
    }

    /// <summary>Puts the field errors next to their fields (<paramref name="label"/> names each field for the summary),
    /// or the detail as one error of <paramref name="fallbackField"/> when there are none.</summary>
    public static FormErrors AddTo(this Failure failure, FormErrors form, Func<string, string> label, string fallbackField = "")
    {
        if (failure.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    form.Add(field, label(field), message);
                }
            }
        }
        else
        {
            form.Add(fallbackField, fallbackField.Length == 0 ? "" : label(fallbackField), failure.Detail);
        }

        return form;
    }
}
