using System.Globalization;

namespace Tsunagari.Web.Features.Shared;

/// <summary>
/// Months, days and times as staff and council pages write them, in the reader's language: 2026年4月1日 in Japanese
/// (and やさしい日本語), 1 Apr 2026 in English. Instants are shown in Japan time.
/// </summary>
public static class DateText
{
    public static string Month(DateOnly month) => Japanese
        ? month.ToString("yyyy年M月", CultureInfo.InvariantCulture)
        : month.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The month of the year alone: 4 in Japanese (as in 4〜9月), Apr in English.</summary>
    public static string MonthOfYear(DateOnly month) => Japanese
        ? month.Month.ToString(CultureInfo.InvariantCulture)
        : month.ToString("MMM", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => Japanese
        ? day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)
        : day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string DayAndTime(DateTimeOffset instant) => Japanese
        ? instant.ToJapan().ToString("yyyy年M月d日 H:mm", CultureInfo.InvariantCulture)
        : instant.ToJapan().ToString("d MMM yyyy H:mm", CultureInfo.InvariantCulture);

    private static bool Japanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";
}
