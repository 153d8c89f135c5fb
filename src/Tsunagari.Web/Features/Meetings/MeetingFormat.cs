using System.Globalization;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>Dates and times as residents read them, in Japan time.</summary>
public static class MeetingFormat
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    public static string Date(DateTimeOffset instant) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja"
            ? instant.ToJapan().ToString("yyyy年M月d日(ddd)", Japanese)
            : instant.ToJapan().ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset instant) => instant.ToJapan().ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset start, DateTimeOffset end) => $"{Date(start)} {Time(start)}〜{Time(end)}";

    public static string DateTimeText(DateTimeOffset instant) => $"{Date(instant)} {Time(instant)}";

    /// <summary>ISO value for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset instant) => instant.ToJapan().ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture);
}
