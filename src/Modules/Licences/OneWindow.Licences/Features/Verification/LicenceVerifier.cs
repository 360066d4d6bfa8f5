using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Features.Issuing;
using OneWindow.Licences.Features.Keys;
using OneWindow.Licences.Signing;
using OneWindow.Shared;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Licences;

namespace OneWindow.Licences.Features.Verification;

/// <summary>
/// Verifies licences by identifier (the library's record: its stored signature against the agency's key, then state
/// and validity) or by QR payload (the payload's signature against the named key of the issuing agency, then the
/// payload must equal the library's record, then the same checks). Results carry the port's statuses, including
/// <see cref="LicenceStatus.Suspended"/>; the public API reports that as revoked (docs/licences.md).
/// </summary>
public sealed class LicenceVerifier(LicencesDbContext db, AgencyKeys keys, TimeProvider clock)
{
    public async Task<LicenceCheck> ByIdentifierAsync(string? identifier, CancellationToken ct)
    {
        if (!LicenceIdentifier.TryParse(identifier, out var parts, out var reason))
        {
            return new LicenceCheck(LicenceStatus.NotFound, reason, null);
        }

        var text = parts!.ToString();
        var licence = await db.Licences.AsNoTracking().FirstOrDefaultAsync(l => l.Identifier == text, ct);
        if (licence == null)
        {
            return new LicenceCheck(LicenceStatus.NotFound, "电子证照库中没有此证照 (no licence with this identifier in the library)", null);
        }

        var keyMap = await keys.PublicKeysAsync([licence.KeyId], ct);
        return Judge(licence, keyMap);
    }

    public async Task<LicenceCheck> ByPayloadAsync(string? payload, CancellationToken ct)
    {
        if (!QrPayload.TryDecode(payload?.Trim(), out var content, out var signature))
        {
            return Tampered("二维码内容格式不正确或已被改动 (payload malformed or altered)");
        }

        var claimed = LicenceContent.FromCanonicalBytes(content);
        if (claimed == null)
        {
            return Tampered("证照内容不是规范格式，已被改动 (content is not in canonical form: altered)");
        }

        var keyMap = await keys.PublicKeysAsync([claimed.KeyId], ct);
        if (!keyMap.TryGetValue(claimed.KeyId, out var key))
        {
            return Tampered("签名密钥未知 (unknown signing key id)");
        }

        if (key.AgencyCode != claimed.IssuerCode)
        {
            return Tampered("签名密钥不属于颁发机构 (signing key belongs to another agency)");
        }

        if (!Sm2.Verify(Convert.FromBase64String(key.PublicKey), content, signature))
        {
            return Tampered("签名验证失败 (signature does not match the content)");
        }

        var licence = await db.Licences.AsNoTracking().FirstOrDefaultAsync(l => l.Identifier == claimed.Identifier, ct);
        if (licence == null)
        {
            return new LicenceCheck(LicenceStatus.NotFound, "签名有效，但电子证照库中没有此证照 (signature valid but the licence is not in the library)", null);
        }

        if (!LicenceContent.From(licence).ToCanonicalBytes().AsSpan().SequenceEqual(content))
        {
            return Tampered("二维码内容与证照库记录不一致 (payload differs from the library's record)");
        }

        return Judge(licence, keyMap);
    }

    /// <summary>Signature of the stored record, then revocation, suspension and validity on today's date in China.</summary>
    internal LicenceCheck Judge(Licence licence, IReadOnlyDictionary<string, SigningKey> keyMap)
    {
        if (!keyMap.TryGetValue(licence.KeyId, out var key) || key.AgencyCode != licence.IssuerCode)
        {
            return Tampered("签名密钥未知或不属于颁发机构 (unknown signing key, or not the issuing agency's)");
        }

        if (!Sm2.Verify(Convert.FromBase64String(key.PublicKey), LicenceContent.From(licence).ToCanonicalBytes(), licence.Signature))
        {
            return Tampered("证照记录与签名不符 (the record does not match its signature)");
        }

        var held = LicenceLibrary.ToHeld(licence);
        switch (licence.State)
        {
            case LicenceStates.Revoked:
                return new LicenceCheck(LicenceStatus.Revoked, $"已注销：{licence.StateReason} (revoked: {licence.StateReason})", held);
            case LicenceStates.Suspended:
                return new LicenceCheck(LicenceStatus.Suspended, $"暂停使用：{licence.StateReason} (suspended: {licence.StateReason})", held);
        }

        var today = ChinaTime.Today(clock);
        if (licence.ValidUntil is { } until && until < today)
        {
            return new LicenceCheck(LicenceStatus.Expired, $"已于 {until:yyyy-MM-dd} 过期 (expired on {until:yyyy-MM-dd})", held);
        }

        if (licence.ValidFrom > today)
        {
            return new LicenceCheck(LicenceStatus.Expired, $"自 {licence.ValidFrom:yyyy-MM-dd} 起生效，尚未生效 (not valid before {licence.ValidFrom:yyyy-MM-dd})", held);
        }

        return new LicenceCheck(LicenceStatus.Valid, "签名有效，证照在有效期内 (signature valid, licence in force)", held);
    }

    /// <summary>The public contract has five statuses: a suspended licence is reported as revoked, the reason says suspended.</summary>
    public static string PublicStatus(string status) => status == LicenceStatus.Suspended ? LicenceStatus.Revoked : status;

    /// <summary>张*明, 张*, 合肥明远**有限公司 style masking for public pages.</summary>
    public static string MaskName(string name)
    {
        if (name.Length <= 1)
        {
            return "*";
        }

        if (name.Length == 2)
        {
            return name[0] + "*";
        }

        if (name.Length <= 4)
        {
            return name[0] + new string('*', name.Length - 2) + name[^1];
        }

        return name[..2] + new string('*', name.Length - 4) + name[^2..];
    }

    private static LicenceCheck Tampered(string reason) => new(LicenceStatus.Tampered, reason, null);
}
