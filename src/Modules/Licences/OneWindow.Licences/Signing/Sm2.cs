using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace OneWindow.Licences.Signing;

/// <summary>SM2 signatures with the SM3 digest (GB/T 32918, GB/T 32905) on the sm2p256v1 curve, default user id
/// "1234567812345678", DER-encoded (r, s). Public keys: the uncompressed point (65 bytes); private keys: the 32-byte scalar.</summary>
public static class Sm2
{
    private static readonly ECDomainParameters Domain = CreateDomain();
    private static readonly SecureRandom Random = new();

    public static (byte[] PublicKey, byte[] PrivateKey) NewKeyPair()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, Random));
        var pair = generator.GenerateKeyPair();
        var publicKey = ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false);
        var scalar = ((ECPrivateKeyParameters)pair.Private).D.ToByteArrayUnsigned();
        var privateKey = new byte[32];
        scalar.CopyTo(privateKey, 32 - scalar.Length);
        return (publicKey, privateKey);
    }

    public static byte[] Sign(byte[] privateKey, byte[] content)
    {
        var signer = new SM2Signer(new SM3Digest());
        signer.Init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(1, privateKey), Domain), Random));
        signer.BlockUpdate(content, 0, content.Length);
        return signer.GenerateSignature();
    }

    /// <summary>False for a wrong signature, a malformed signature or a malformed public key.</summary>
    public static bool Verify(byte[] publicKey, byte[] content, byte[] signature)
    {
        try
        {
            var point = Domain.Curve.DecodePoint(publicKey);
            var signer = new SM2Signer(new SM3Digest());
            signer.Init(false, new ECPublicKeyParameters(point, Domain));
            signer.BlockUpdate(content, 0, content.Length);
            return signer.VerifySignature(signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IOException or Org.BouncyCastle.Crypto.CryptoException)
        {
            return false;
        }
    }

    private static ECDomainParameters CreateDomain()
    {
        var curve = GMNamedCurves.GetByName("sm2p256v1");
        return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
    }
}
