using OneWindow.Shared.Files;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Files.Features;

/// <summary>The files module's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class FilesText
{
    /// <summary>422: a file the checks refused (the status the API has always answered).</summary>
    public const FailureKind Unprocessable = FailureKind.Unprocessable;

    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(FilesText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>A refused upload as a 422 failure; its code is the rejection's (empty, too_large, …), as documented.</summary>
    public static Failure Refused(FileRejection rejection) => new(Unprocessable, rejection.Code, T("files.rejected"), rejection.Message);

    public static Failure NotFound() => new(FailureKind.NotFound, "files.not_found", T("files.title.notfound"), T("files.not_found"));

    public static Failure Invalid(string code, string field, string messageCode, params object?[] args) =>
        Failure.Invalid(code, T(code), field, T(messageCode, args));
}
