using System.Collections.Concurrent;
using OneWindow.Shared.Sharing;

namespace OneWindow.DataCatalog.Features.Reading;

/// <summary>
/// Published versions for a few seconds in memory: the exchange reads the catalogue on every call, and a published
/// version never changes — only which version is published does. Publishing on this node forgets the code at once;
/// another node sees a new publication within <see cref="Lifetime"/> (a request answered with the previous version
/// in that window is what a request a moment earlier would have got). Unknown codes are remembered as absent too.
/// </summary>
public sealed class PublishedResourceCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (SharedResource? Value, long Until)> entries = new(StringComparer.Ordinal);

    public bool TryGet(string code, out SharedResource? value)
    {
        if (entries.TryGetValue(code, out var entry) && entry.Until > Environment.TickCount64)
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    public void Put(string code, SharedResource? value)
    {
        // Bounded by the catalogue's size (codes that exist) plus what callers ask for; drop everything when it grows
        // past what any catalogue holds, so made-up codes cannot fill memory.
        if (entries.Count > 50_000)
        {
            entries.Clear();
        }

        entries[code] = (value, Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
    }

    public void Forget(string code) => entries.TryRemove(code, out _);
}
