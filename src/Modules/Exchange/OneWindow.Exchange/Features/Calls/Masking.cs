using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Calls;

/// <summary>Masks a personal item's value when the grant does not give it in clear (<see cref="ItemMasks"/>). Masking
/// keeps the length of ID numbers and phones so receivers' fixed-width fields still fit.</summary>
public static class Masking
{
    public static string? Apply(string mask, string? value)
    {
        if (string.IsNullOrEmpty(value) || mask == ItemMasks.None)
        {
            return value;
        }

        return mask switch
        {
            ItemMasks.IdNumber => Keep(value, 6, 4),
            ItemMasks.Phone => Keep(value, 3, 4),
            ItemMasks.Name => value[..1] + new string('*', Math.Max(1, value.Length - 1)),
            ItemMasks.Address => value.Length <= 6 ? new string('*', value.Length) : value[..6] + "****",
            ItemMasks.Date => value.Length >= 4 ? value[..4] + "-**-**" : "****",
            _ => "******",
        };
    }

    private static string Keep(string value, int head, int tail) =>
        value.Length <= head + tail ? new string('*', value.Length) : value[..head] + new string('*', value.Length - head - tail) + value[^tail..];
}
