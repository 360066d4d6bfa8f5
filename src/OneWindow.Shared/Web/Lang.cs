using System.Globalization;
using OneWindow.Shared;

namespace OneWindow.Shared.Web;

/// <summary>
/// Chinese-first UI text: pages write both languages side by side (L("办事指南", "Service guide")), so a page
/// never shows a missing key and a translator sees the pair. Dates follow UX.md: 2026年11月22日 / 22 Nov 2026.
/// </summary>
public static class Lang
{

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Code => IsEnglish ? "en" : "zh-CN";

    public static string L(string zh, string en) => IsEnglish ? en : zh;

    /// <summary>The half of a service message written "中文 / English" for the page's language; other text as it is.</summary>
    public static string Pick(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "";
        }

        var split = message.IndexOf(" / ", StringComparison.Ordinal);
        return split < 0 ? message : L(message[..split], message[(split + 3)..]);
    }

    /// <summary>For elements holding catalogue content, which is Chinese only: lang="zh-CN" on an English page
    /// (WCAG 3.1.2, language of parts), nothing on a Chinese page (Razor drops a null attribute).</summary>
    public static string? ContentLang => IsEnglish ? "zh-CN" : null;

    public static string Date(DateTimeOffset? value)
    {
        if (value == null)
        {
            return "";
        }

        var local = ChinaTime.Local(value.Value);
        return IsEnglish
            ? local.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : $"{local.Year}年{local.Month}月{local.Day}日";
    }

    /// <summary>A moment as China time of day with its date: 2026年11月22日 14:05 / 22 Nov 2026 14:05.</summary>
    public static string Time(DateTimeOffset? value) =>
        value == null ? "" : Date(value) + " " + ChinaTime.Local(value.Value).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Days(int days) => IsEnglish ? (days == 1 ? "1 working day" : $"{days} working days") : $"{days}个工作日";
}
