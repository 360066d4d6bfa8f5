namespace OneWindow.Catalog.Domain;

/// <summary>An administrative division of GB/T 2260 (行政区划). Codes are never deleted: a code withdrawn by a newer
/// revision stays, marked withdrawn, because old records still carry it.</summary>
public sealed class Region
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>1 province (XX0000), 2 prefecture (XXXX00), 3 county.</summary>
    public int Level { get; set; }

    public string? ParentCode { get; set; }

    public string Revision { get; set; } = "";

    public bool Withdrawn { get; set; }

    public static int LevelOf(string code) => code.EndsWith("0000", StringComparison.Ordinal) ? 1 : code.EndsWith("00", StringComparison.Ordinal) ? 2 : 3;

    /// <summary>The code of the enclosing division: county → prefecture → province. Directly administered county-level
    /// divisions (e.g. 省直辖县 4290xx) have a prefecture code that does not exist; callers fall back to the province.</summary>
    public static string? ParentOf(string code) => LevelOf(code) switch
    {
        1 => null,
        2 => code[..2] + "0000",
        _ => code[..4] + "00",
    };

    /// <summary>This code and every enclosing code, nearest last: 340104 → 340000, 340100, 340104.</summary>
    public static IReadOnlyList<string> SelfAndAncestors(string code)
    {
        if (code.Length != 6)
        {
            return [code];
        }

        var list = new List<string>(3);
        if (LevelOf(code) >= 1) list.Add(code[..2] + "0000");
        if (LevelOf(code) >= 2) list.Add(code[..4] + "00");
        if (LevelOf(code) == 3) list.Add(code);
        return list;
    }

    public static bool IsWellFormed(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit) && code[..2] != "00";
}
