using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Oidc.Clients;

/// <summary>The OIDC module's messages (Messages.json, by code) and its failures, in the current UI language. The
/// protocol endpoints answer in the RFC 6749 error format instead (error + error_description).</summary>
internal static class OidcText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(OidcText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>A refusal: the code names the detail; the title follows the kind.</summary>
    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("oidc.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("oidc.invalid", T("oidc.invalid"), errors);
}
