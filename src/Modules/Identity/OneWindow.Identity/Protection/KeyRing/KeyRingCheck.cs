using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Identity.Protection.KeyRing;

/// <summary>
/// Whether this node can read every key of the shared ring. Left to itself the framework would treat a key it cannot
/// decrypt as missing and quietly generate a new one: the node would then reject every other node's cookies and
/// antiforgery tokens, and they its. Here a node that cannot read the ring says so and does not take part.
/// </summary>
public static class KeyRingCheck
{
    private static readonly XName KeyElement = "key";
    private static readonly XName EncryptedSecretElement = XName.Get("encryptedSecret", "http://schemas.asp.net/2015/03/dataProtection");

    /// <summary>One line per key that this cipher cannot open (id and reason, never key material); empty when all open.</summary>
    public static IReadOnlyList<string> Unreadable(IEnumerable<XElement> elements, KeyRingCipher cipher)
    {
        var problems = new List<string>();
        foreach (var key in elements.Where(e => e.Name == KeyElement))
        {
            var id = (string?)key.Attribute("id") ?? "(no id)";
            var secrets = key.Descendants(EncryptedSecretElement).ToList();
            if (secrets.Count == 0)
            {
                problems.Add($"key {id}: its master key is not sealed (stored in clear)");
                continue;
            }

            foreach (var secret in secrets)
            {
                try
                {
                    cipher.Open(secret.Elements().Single());
                }
                catch (Exception e) when (e is CryptographicException or InvalidOperationException or System.Xml.XmlException)
                {
                    problems.Add($"key {id}: {e.Message}");
                }
            }
        }

        return problems;
    }

    /// <summary>The start-up error for unreadable keys: what is wrong, and the two ways out.</summary>
    public static InvalidOperationException Refusal(IReadOnlyList<string> problems, KeyRingCipher cipher) => new(
        $"Unified identity cannot start: this node cannot read the data-protection key ring in the database " +
        $"(identity_data_protection_keys) with its {KeyRingCipher.Key.Setting} (key id {cipher.KeyId}). " +
        $"It would reject the session cookies and antiforgery tokens of every other node, so it does not serve. " +
        $"{string.Join("; ", problems.Select(p => p.TrimEnd('.')))}. Set {KeyRingCipher.Key.EnvironmentName} to the value the other nodes use; " +
        "only if that key is lost, delete the rows of identity_data_protection_keys (every session and open form ends) and restart.");
}

/// <summary>
/// The framework's EF Core repository, refusing to add a key to a ring this node cannot read (the framework would do
/// that when the current key does not decrypt). The refusal fails the request that needed the key, with the reason logged.
/// </summary>
public sealed class CheckedKeyRingRepository(IXmlRepository inner, KeyRingCipher cipher) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        var problems = KeyRingCheck.Unreadable(inner.GetAllElements(), cipher);
        if (problems.Count > 0)
        {
            throw KeyRingCheck.Refusal(problems, cipher);
        }

        inner.StoreElement(element, friendlyName);
    }
}

/// <summary>
/// After migrations, before the node serves: every key in the ring must open; then the ring is loaded (its first key
/// created if it has none) and checked again, since a node started at the same moment may have added a key of its own.
/// A failure stops start-up (/health answers "failed", every request 503) with <see cref="KeyRingCheck.Refusal"/>.
/// </summary>
public sealed class KeyRingStartupTask(KeyRingDbContext db, KeyRingCipher cipher, IDataProtectionProvider dataProtection, IKeyManager keyManager) : IStartupTask
{
    public string Name => "identity.key-ring";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await CheckAsync(cancellationToken);
        var protector = dataProtection.CreateProtector("OneWindow.Identity.KeyRingCheck");
        protector.Unprotect(protector.Protect([1]));
        await CheckAsync(cancellationToken);

        // The same keys as the framework itself opens them (its decryptor activation, its descriptor parsing).
        var problems = new List<string>();
        foreach (var key in keyManager.GetAllKeys().Where(k => !k.IsRevoked))
        {
            try
            {
                _ = key.Descriptor;
            }
            catch (Exception e)
            {
                problems.Add($"key {key.KeyId}: the framework cannot open it ({e.GetType().Name}: {e.Message})");
            }
        }

        if (problems.Count > 0)
        {
            throw KeyRingCheck.Refusal(problems, cipher);
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var rows = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(cancellationToken);
        var problems = KeyRingCheck.Unreadable(rows.Where(x => !string.IsNullOrEmpty(x)).Select(x => XElement.Parse(x!)), cipher);
        if (problems.Count > 0)
        {
            throw KeyRingCheck.Refusal(problems, cipher);
        }
    }
}
