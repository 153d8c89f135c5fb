using System.Globalization;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Web.Features.Salons;

/// <summary>Resource keys (Japanese, the default culture) for the words salon views compose.</summary>
public static class SalonLabels
{
    /// <summary>Sunday first, as Japanese calendars print it.</summary>
    public static readonly string[] WeekdayShort = ["日", "月", "火", "水", "木", "金", "土"];

    public static readonly string[] WeekdayLong = ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"];

    public static readonly int[] Ordinals = [1, 2, 3, 4, 5, Recurrence.LastWeek];

    public static string Ordinal(int ordinal) => ordinal switch
    {
        1 => "第1",
        2 => "第2",
        3 => "第3",
        4 => "第4",
        5 => "第5",
        _ => "最終",
    };

    public static string Kind(ScheduleKind kind) => kind switch
    {
        ScheduleKind.Weekly => "毎週",
        ScheduleKind.MonthlyByWeekday => "毎月（第何週の何曜日）",
        ScheduleKind.MonthlyByDate => "毎月（日にち）",
        _ => "決まった日だけ",
    };

    public static string Holiday(HolidayRule rule) => rule switch
    {
        HolidayRule.Hold => "祝日も開く",
        HolidayRule.Skip => "祝日は休み",
        HolidayRule.MoveToNextDay => "祝日は次の日（祝日でない日）に開く",
        _ => "祝日は前の日（祝日でない日）に開く",
    };

    public static string Time(TimeOnly time) => time.ToString("H:mm", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
