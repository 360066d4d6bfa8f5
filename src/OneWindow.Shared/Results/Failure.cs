using OneWindow.Shared.Http;

namespace OneWindow.Shared.Results;

/// <summary>The kinds of expected failure, each with the HTTP status it answers.</summary>
public enum FailureKind
{
    Invalid = 400,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    Gone = 410,
    Unprocessable = 422,
    TooLarge = 413,
    TooMany = 429,
    /// <summary>An upstream system (e.g. a provider's own system behind the exchange) answered garbage or an error.</summary>
    BadGateway = 502,
    Unavailable = 503,
    /// <summary>An upstream system did not answer in time.</summary>
    GatewayTimeout = 504,
}

/// <summary>
/// Why an operation was refused — the one expected-failure type of the platform (house style: expected failures are
/// values, exceptions are for the unexpected). <see cref="Code"/> is stable (e.g. <c>cases.not_found</c>): the API sends
/// it as the problem's <c>code</c>, tests and clients match on it. <see cref="Title"/> and <see cref="Detail"/> are
/// already in the request's language (<see cref="Messages.MessageCatalog"/>); <see cref="Errors"/> holds messages per
/// field, which pages show next to the fields and the API sends as a validation problem.
/// </summary>
public sealed record Failure(FailureKind Kind, string Code, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public int Status => (int)Kind;

    public static Failure Invalid(string code, string title, ValidationErrors errors) =>
        new(FailureKind.Invalid, code, title, string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)), errors.ToDictionary());

    public static Failure Invalid(string code, string title, string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Invalid(code, title, errors);
    }

    /// <summary>The message for one field, or null.</summary>
    public string? ErrorFor(string field) => Errors != null && Errors.TryGetValue(field, out var messages) ? messages[0] : null;
}

/// <summary>An operation's outcome: its value, or the <see cref="Failure"/> that stopped it.</summary>
public readonly record struct Outcome<T>(T? Value, Failure? Failure)
{
    public bool Succeeded => Failure is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
