using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneWindow.Audit.Domain;

namespace OneWindow.Audit.Features.Sealing;

/// <summary>The hash chain: seal = SHA-256(previous seal || canonical entry). The canonical form is a JSON array of
/// every field in a fixed order, including seq, so that moving an entry to another seq breaks its seal.</summary>
public static class AuditChain
{
    /// <summary>The "previous seal" of the first entry.</summary>
    public const string Genesis = "";

    public static string Seal(string previousSeal, AuditEntry entry) => Seal(previousSeal, entry, entry.Seq);

    /// <summary>The seal the entry would have at another seq: used by the verifier to recognise swapped entries.</summary>
    public static string Seal(string previousSeal, AuditEntry entry, long asSeq)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            asSeq,
            entry.OccurredAt.UtcTicks,
            entry.Actor,
            entry.ActorDepartment,
            entry.Action,
            entry.TargetType,
            entry.TargetId,
            entry.Summary,
            entry.DataJson,
            entry.RequestId,
        });
        var bytes = Encoding.UTF8.GetBytes(previousSeal + "\n" + canonical);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
