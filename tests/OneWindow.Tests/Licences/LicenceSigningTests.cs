using Microsoft.Extensions.Configuration;
using OneWindow.Licences.Signing;

namespace OneWindow.Tests.Licences;

/// <summary>SM2/SM3 signatures, the canonical content form and the strict QR payload decoding, without a database.</summary>
public sealed class LicenceSigningTests
{
    private static LicenceContent Sample(string keyId = "K20260101-0000000001") => new("1.2.156.3005.2.X", "111000000000130202013", "结婚证", "No.1", "张晓明",
        "34010419870315001X", "111", "合肥市民政局", "113401000000000433", new DateOnly(2014, 5, 20), new DateOnly(2014, 5, 20), null, "340100",
        new Dictionary<string, string> { ["spouseName"] = "王丽", ["name"] = "张晓明" }, keyId);

    [Fact]
    public void The_canonical_form_is_fixed_order_compact_utf8_with_sorted_data()
    {
        var text = Sample().ToCanonicalString();

        Assert.Equal("{\"v\":1,\"id\":\"1.2.156.3005.2.X\",\"type\":\"111000000000130202013\",\"typeName\":\"结婚证\",\"number\":\"No.1\",\"holder\":\"张晓明\"," +
            "\"holderCode\":\"34010419870315001X\",\"holderCodeType\":\"111\",\"issuer\":\"合肥市民政局\",\"issuerCode\":\"113401000000000433\"," +
            "\"issuedOn\":\"2014-05-20\",\"validFrom\":\"2014-05-20\",\"validUntil\":null,\"jurisdiction\":\"340100\"," +
            "\"data\":{\"name\":\"张晓明\",\"spouseName\":\"王丽\"},\"kid\":\"K20260101-0000000001\"}", text);
        Assert.Equal(text, LicenceContent.FromCanonicalBytes(Sample().ToCanonicalBytes())!.ToCanonicalString());
        // The same JSON with a space is not canonical.
        Assert.Null(LicenceContent.FromCanonicalBytes(System.Text.Encoding.UTF8.GetBytes(text.Replace("\"v\":1", "\"v\": 1"))));
    }

    [Fact]
    public void Sm2_signatures_verify_only_with_the_signing_key_and_the_same_bytes()
    {
        var (publicKey, privateKey) = Sm2.NewKeyPair();
        var (otherPublic, _) = Sm2.NewKeyPair();
        var content = Sample().ToCanonicalBytes();
        var signature = Sm2.Sign(privateKey, content);
        var changed = (byte[])content.Clone();
        changed[10] ^= 1;

        Assert.Equal((65, 32), (publicKey.Length, privateKey.Length));
        Assert.True(Sm2.Verify(publicKey, content, signature));
        Assert.False(Sm2.Verify(otherPublic, content, signature));
        Assert.False(Sm2.Verify(publicKey, changed, signature));
        Assert.False(Sm2.Verify([1, 2, 3], content, signature));
        Assert.False(Sm2.Verify(publicKey, content, [0x30, 0x02, 0x01]));
    }

    [Fact]
    public void A_signature_made_before_the_switch_to_BouncyCastle_Cryptography_still_verifies()
    {
        // Made with Portable.BouncyCastle 1.8.10 (the library of every licence issued before 2.x): fixed private key
        // 3945208F…C5B8, default user id. Licences already issued carry signatures like this one.
        var publicKey = Convert.FromBase64String("BAn53zEeVCGhUN19Fh5LxcZyF5+tGDP8B2uwj/NW81AgzOpJDOJndaUtxupxjMGqYArtBfvzXghKZjL2By2prRM=");
        var signature = Convert.FromBase64String("MEUCIEG6ociUv1sRfC/o5QiqzoYrwcXZDOYSoHrtLzaY374PAiEAuqk3CWyOHOolzGAPZTvCzU4lRY/CP1VgrJQgX4KWpRo=");
        var content = System.Text.Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"1.2.156.3005.2.X\",\"holder\":\"张晓明\"}");

        Assert.True(Sm2.Verify(publicKey, content, signature));
        Assert.False(Sm2.Verify(publicKey, [.. content, (byte)' '], signature));
    }

    [Fact]
    public void Payload_decoding_is_strict()
    {
        var payload = QrPayload.Encode(Sample().ToCanonicalBytes(), [1, 2, 3, 4]);

        Assert.True(QrPayload.TryDecode(payload, out var content, out var signature));
        Assert.Equal(Sample().ToCanonicalBytes(), content);
        Assert.Equal([1, 2, 3, 4], signature);
        Assert.False(QrPayload.TryDecode(payload + "=", out _, out _));
        Assert.False(QrPayload.TryDecode(payload.Replace(".", "!"), out _, out _));
        Assert.False(QrPayload.TryDecode(payload[..^1] + (char)(payload[^1] + 1), out _, out _)); // a non-canonical last character
        Assert.False(QrPayload.TryDecode("OWL1.", out _, out _));
    }

    [Fact]
    public void Private_keys_at_rest_decrypt_only_for_their_key_id_and_production_needs_a_key()
    {
        var protector = KeyProtector.Load(Keys("Testing", (KeyProtector.Setting, "Lc7Vb2Nq9Xr4Tm1Kd8Hs3Fw6Jp0Yz5Ga2Ue7Oi4Rn1M=")));
        var stored = protector.Protect([7, 7, 7], "K1");

        Assert.Equal([7, 7, 7], protector.Unprotect(stored, "K1"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(stored, "K2"));
        // No built-in key in any environment but Development on SQLite, and Production refuses the public one.
        Assert.Contains(KeyProtector.Setting, Assert.Throws<InvalidOperationException>(() => KeyProtector.Load(Keys("Testing"))).Message);
        Assert.Throws<InvalidOperationException>(() => KeyProtector.Load(Keys("Production", (KeyProtector.Setting, "Lc7Vb2Nq9Xr4Tm1Kd8Hs3Fw6Jp0Yz5Ga2Ue7Oi4Rn1M="))));
    }

    private static OneWindow.Shared.Security.AtRestKeys Keys(string environment, params (string Key, string? Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => v.Value)).Build(), environment, sqliteFile: null);
}
