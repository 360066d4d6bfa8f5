using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace OneWindow.Shared.Messages;

/// <summary>
/// A module's user-facing messages, keyed by stable codes, in Chinese (the default) and English: the embedded
/// resource <c>Messages.json</c> of the module's assembly, <c>{ "cases.not_found": { "zh": "…", "en": "…" } }</c>.
/// Kept as pairs so a translator sees both languages of a message side by side. Text is picked by
/// <see cref="CultureInfo.CurrentUICulture"/>, which request localization sets per request (the page's language; on the
/// API, <c>Accept-Language</c>). Placeholders are <c>{0}</c>, <c>{1}</c>… (composite format, invariant culture).
/// An unknown code is a programming error and throws, so a typo cannot reach a citizen as a raw code.
/// </summary>
public sealed class MessageCatalog
{
    private static readonly ConcurrentDictionary<Assembly, MessageCatalog> Loaded = new();
    private readonly IReadOnlyDictionary<string, MessagePair> messages;

    private MessageCatalog(IReadOnlyDictionary<string, MessagePair> messages) => this.messages = messages;

    public IReadOnlyCollection<string> Codes => messages.Keys.ToList();

    /// <summary>The catalogue embedded in <paramref name="assembly"/> (loaded once).</summary>
    public static MessageCatalog Of(Assembly assembly) => Loaded.GetOrAdd(assembly, Load);

    public bool Has(string code) => messages.ContainsKey(code);

    /// <summary>The message in the current UI language.</summary>
    public string Text(string code, params object?[] args)
    {
        var pair = Pair(code);
        var template = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? pair.En : pair.Zh;
        return args.Length == 0 ? template : string.Format(CultureInfo.InvariantCulture, template, args);
    }

    /// <summary>Both languages, e.g. for a stored notification read later in either.</summary>
    public (string Zh, string En) Both(string code, params object?[] args)
    {
        var pair = Pair(code);
        return args.Length == 0
            ? (pair.Zh, pair.En)
            : (string.Format(CultureInfo.InvariantCulture, pair.Zh, args), string.Format(CultureInfo.InvariantCulture, pair.En, args));
    }

    private MessagePair Pair(string code) =>
        messages.TryGetValue(code, out var pair) ? pair : throw new KeyNotFoundException($"No message '{code}' in the catalogue.");

    private static MessageCatalog Load(Assembly assembly)
    {
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("Messages.json", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} embeds no Messages.json.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        var raw = JsonSerializer.Deserialize<Dictionary<string, MessagePair>>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidOperationException($"{resource} is empty.");
        var incomplete = raw.FirstOrDefault(p => string.IsNullOrWhiteSpace(p.Value.Zh) || string.IsNullOrWhiteSpace(p.Value.En));
        if (incomplete.Key != null)
        {
            throw new InvalidOperationException($"Message '{incomplete.Key}' in {resource} lacks its Chinese or English text.");
        }

        return new MessageCatalog(raw);
    }

    private sealed record MessagePair(string Zh, string En);
}
