using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Identity.Data;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Messaging;

namespace OneWindow.Identity.Features.Messaging;

/// <summary>
/// IApplicantMessenger over the identity module's sender: "citizen:{id}" → the citizen's phone when verified;
/// "enterprise:{id}" → the verified phone of each legal representative and agent with a live authorization (one
/// query). Texts without the platform's SMS signature get it. Best effort: false when nobody could be reached.
/// </summary>
public sealed class ApplicantMessenger(IdentityDbContext db, IdentityProtector protector, IMessageSender sender, TimeProvider clock,
    ILogger<ApplicantMessenger> logger) : IApplicantMessenger
{
    public const string Signature = "【一网通办】";

    /// <summary>Longest text accepted (the outbox column holds 1,000 characters; SMS gateways split long texts).</summary>
    public const int MaxLength = 500;

    public async Task<bool> NotifyAsync(string applicantSubject, string text, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!sender.Sends("sms") || !Subjects.TryParseApplicant(applicantSubject, out var kind, out var id))
        {
            return false;
        }

        var body = text.StartsWith('【') ? text : Signature + text;
        if (body.Length > MaxLength)
        {
            throw new ArgumentException($"A notification is at most {MaxLength} characters.", nameof(text));
        }

        var now = clock.GetUtcNow();
        var recipients = kind == "citizen"
            ? await db.Citizens.Where(c => c.Id == id && c.PhoneVerifiedAt != null)
                .Select(c => new Recipient(c.Id, c.PhoneCipher, c.PhoneMasked)).ToListAsync(ct)
            : await db.EnterpriseMembers
                .Where(m => m.EnterpriseId == id && m.RevokedAt == null && (m.ValidUntil == null || m.ValidUntil > now))
                .Join(db.Citizens.Where(c => c.PhoneVerifiedAt != null), m => m.CitizenId, c => c.Id, (m, c) => new Recipient(c.Id, c.PhoneCipher, c.PhoneMasked))
                .ToListAsync(ct);

        var sent = 0;
        foreach (var recipient in recipients.DistinctBy(r => r.CitizenId))
        {
            var phone = protector.Decrypt(recipient.PhoneCipher, ProtectedFields.CitizenPhone);
            try
            {
                await sender.SendAsync(new MessageToSend("sms", Subjects.Citizen(recipient.CitizenId), phone, recipient.PhoneMasked, body), ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A gateway failure for one member must not stop the others; the subject only, no number.
                logger.LogWarning(e, "Notifying {Subject} failed for one recipient", applicantSubject);
            }
        }

        return sent > 0;
    }

    private sealed record Recipient(long CitizenId, byte[] PhoneCipher, string PhoneMasked);
}
