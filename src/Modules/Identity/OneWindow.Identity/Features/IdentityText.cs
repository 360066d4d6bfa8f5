using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Identity.Features;

/// <summary>The identity module's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class IdentityText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(IdentityText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>A refusal: the code names the detail; the title follows the kind.</summary>
    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("identity.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    /// <summary>Field errors (already in the current language) as one validation failure titled by <paramref name="titleCode"/>.</summary>
    public static Failure Invalid(ValidationErrors errors, string titleCode = "identity.invalid") => Failure.Invalid("identity.invalid", T(titleCode), errors);

    public static Failure Invalid(string field, string code) => Failure.Invalid("identity.invalid", T("identity.invalid"), field, T(code));

    /// <summary>A failure's field errors as a page's <see cref="ValidationErrors"/>.</summary>
    public static ValidationErrors Fields(Failure failure)
    {
        var errors = new ValidationErrors();
        foreach (var (field, messages) in failure.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        return errors;
    }
}
