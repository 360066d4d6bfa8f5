using System.Security.Cryptography;
using System.Text;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange.Log;

/// <summary>
/// Blind index of a data subject's code (公民身份号码 or 统一社会信用代码): HMAC-SHA256 under Exchange:IndexKey, so the
/// exchange log and the held tables can say "this call touched that person" without holding the number. The citizen's
/// data-use log computes the same index from the signed-in citizen's ID number. Letters are upper-cased first (an ID
/// number's check character may be typed x or X).
/// </summary>
public sealed class SubjectIndex(byte[] key)
{
    public const string Setting = "Exchange:IndexKey";

    public static readonly AtRestKey Key = new(Setting, "The exchange module", "the blind index of data subjects in the exchange log");

    public static SubjectIndex Load(AtRestKeys keys) => new(keys.Load(Key));

    public string Of(string subjectCode)
    {
        var normalized = subjectCode.Trim().ToUpperInvariant();
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalized));
        return Convert.ToBase64String(mac, 0, 20).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
