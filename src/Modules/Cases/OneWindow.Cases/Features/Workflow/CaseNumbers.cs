using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OneWindow.Cases.Features.Workflow;

/// <summary>办件编号 and 查询码. The number is the division code, the China date of submission and the case id (unique
/// without coordination between nodes); the query code is 8 random characters without look-alikes (0/O, 1/I/L).</summary>
public static class CaseNumbers
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string Number(string regionCode, DateOnly submittedOn, long id) =>
        regionCode + submittedOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + id.ToString("D10", CultureInfo.InvariantCulture);

    public static string NewQueryCode() => new(Enumerable.Range(0, 8).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());

    /// <summary>Constant-time comparison, case-insensitive as typed from a printed receipt.</summary>
    public static bool CodeMatches(string? stored, string? typed) =>
        stored != null && typed != null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(typed.Trim().ToUpperInvariant()));
}
