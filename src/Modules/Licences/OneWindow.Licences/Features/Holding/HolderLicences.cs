using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Features.Keys;
using OneWindow.Licences.Features.Verification;
using OneWindow.Licences.Signing;
using OneWindow.Shared.Licences;

namespace OneWindow.Licences.Features.Holding;

/// <summary>A licence as its holder sees it: the record, its verification and the QR payload.</summary>
public sealed record HolderLicence(Licence Licence, LicenceCheck Check, string Payload, IReadOnlyList<Issuing.TypeField> Fields);

/// <summary>我的证照: a holder's licences (by ID number or credit code, from IApplicantDirectory), every state, newest first.</summary>
public sealed class HolderLicences(LicencesDbContext db, AgencyKeys keys, LicenceVerifier verifier)
{
    public async Task<IReadOnlyList<(Licence Licence, LicenceCheck Check)>> ListAsync(string holderCode, CancellationToken ct)
    {
        var rows = await db.Licences.AsNoTracking().Where(l => l.HolderCode == holderCode).OrderByDescending(l => l.Id).Take(200).ToListAsync(ct);
        var keyMap = await keys.PublicKeysAsync(rows.Select(r => r.KeyId), ct);
        return rows.Select(r => (r, verifier.Judge(r, keyMap))).ToList();
    }

    /// <summary>One of the holder's licences; null when it is not theirs (the page answers 404).</summary>
    public async Task<HolderLicence?> GetAsync(string holderCode, long id, CancellationToken ct)
    {
        var licence = await db.Licences.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id && l.HolderCode == holderCode, ct);
        if (licence == null)
        {
            return null;
        }

        var keyMap = await keys.PublicKeysAsync([licence.KeyId], ct);
        var type = await db.Types.AsNoTracking().FirstOrDefaultAsync(t => t.Code == licence.TypeCode, ct);
        return new HolderLicence(licence, verifier.Judge(licence, keyMap), PayloadOf(licence), type == null ? [] : Issuing.LicenceLibrary.FieldsOf(type));
    }

    public static string PayloadOf(Licence licence) => QrPayload.Encode(LicenceContent.From(licence).ToCanonicalBytes(), licence.Signature);
}
