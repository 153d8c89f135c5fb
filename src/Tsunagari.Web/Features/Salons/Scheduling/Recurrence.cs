namespace Tsunagari.Web.Features.Salons.Scheduling;

/// <summary>How a salon repeats.</summary>
public enum ScheduleKind
{
    /// <summary>毎週 — every week on the given weekdays (毎週水曜).</summary>
    Weekly = 0,

    /// <summary>毎月 第n 曜日 — the given ordinals (1–5, or <see cref="Recurrence.LastWeek"/>) of the given weekdays (第2・第4火曜).</summary>
    MonthlyByWeekday = 1,

    /// <summary>毎月 n 日 — a day of the month; in months without that day, the last day of the month (毎月31日 = 月末).</summary>
    MonthlyByDate = 2,

    /// <summary>Only the extra dates (不定期).</summary>
    DatesOnly = 3,
}

/// <summary>What happens to a regular date that falls on a public holiday (extra dates are never moved).</summary>
public enum HolidayRule
{
    /// <summary>祝日も開く.</summary>
    Hold = 0,

    /// <summary>祝日は休み.</summary>
    Skip = 1,

    /// <summary>祝日は次の日（祝日でない日）に開く.</summary>
    MoveToNextDay = 2,

    /// <summary>祝日は前の日（祝日でない日）に開く.</summary>
    MoveToPreviousDay = 3,
}

/// <summary>
/// A salon's schedule as plain data: the rule, its date range, the explicit extra and exception dates and the
/// holiday rule. Times are not part of it: every occurrence keeps the salon's wall-clock time in Japan time, which has
/// no daylight saving, so a date is all the recurrence needs.
/// </summary>
public sealed record SalonSchedule(
    ScheduleKind Kind,
    DateOnly StartDate,
    DateOnly? EndDate = null,
    IReadOnlyCollection<DayOfWeek>? Weekdays = null,
    IReadOnlyCollection<int>? WeekOrdinals = null,
    int? DayOfMonth = null,
    IReadOnlyCollection<DateOnly>? ExtraDates = null,
    IReadOnlyCollection<DateOnly>? ExceptionDates = null,
    HolidayRule HolidayRule = HolidayRule.Hold);

/// <summary>The occurrence dates of a <see cref="SalonSchedule"/>. Pure: no I/O, no clock.</summary>
public static class Recurrence
{
    /// <summary>The ordinal meaning "the last such weekday of the month" (最終火曜).</summary>
    public const int LastWeek = -1;

    // A moved date can travel at most a few days (ゴールデンウィーク is the longest run of holidays); looking this far
    // outside the asked range lets a date moved into the range be found.
    private const int MoveReach = 10;

    /// <summary>
    /// The dates the salon meets within [<paramref name="from"/>, <paramref name="to"/>], ascending and distinct.
    /// Order of rules: regular dates within the start/end range → minus exception dates → holiday rule (skip or move
    /// to the nearest non-holiday that is not already a date) → plus extra dates (kept as given) → minus exceptions.
    /// </summary>
    public static IReadOnlyList<DateOnly> Occurrences(SalonSchedule schedule, DateOnly from, DateOnly to, IHolidayCalendar holidays)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(holidays);
        if (to < from)
        {
            return [];
        }

        var exceptions = (schedule.ExceptionDates ?? []).ToHashSet();
        var regular = RegularDates(schedule, Max(from.AddDays(-MoveReach), schedule.StartDate), Min(to.AddDays(MoveReach), schedule.EndDate))
            .Where(d => !exceptions.Contains(d))
            .ToList();
        var result = new SortedSet<DateOnly>();
        var regularSet = regular.ToHashSet();
        foreach (var date in regular)
        {
            if (schedule.HolidayRule == HolidayRule.Hold || !holidays.IsHoliday(date))
            {
                result.Add(date);
                continue;
            }

            if (schedule.HolidayRule == HolidayRule.Skip)
            {
                continue;
            }

            var step = schedule.HolidayRule == HolidayRule.MoveToNextDay ? 1 : -1;
            var moved = date.AddDays(step);
            while (holidays.IsHoliday(moved))
            {
                moved = moved.AddDays(step);
            }

            // A move onto a day the salon meets anyway, or onto an exception day, merges with it / is dropped.
            if (!regularSet.Contains(moved) && !exceptions.Contains(moved))
            {
                result.Add(moved);
            }
        }

        foreach (var extra in schedule.ExtraDates ?? [])
        {
            if (!exceptions.Contains(extra))
            {
                result.Add(extra);
            }
        }

        return result.Where(d => d >= from && d <= to).ToList();
    }

    /// <summary>The rule's own dates in [from, to] (no exceptions, no holidays).</summary>
    private static IEnumerable<DateOnly> RegularDates(SalonSchedule schedule, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            yield break;
        }

        switch (schedule.Kind)
        {
            case ScheduleKind.Weekly:
                var weekdays = (schedule.Weekdays ?? []).ToHashSet();
                if (weekdays.Count == 0)
                {
                    yield break;
                }

                for (var d = from; d <= to; d = d.AddDays(1))
                {
                    if (weekdays.Contains(d.DayOfWeek))
                    {
                        yield return d;
                    }
                }

                break;

            case ScheduleKind.MonthlyByWeekday:
                var ordinals = (schedule.WeekOrdinals ?? []).ToList();
                var days = (schedule.Weekdays ?? []).ToList();
                foreach (var month in Months(from, to))
                {
                    var dates = new SortedSet<DateOnly>();
                    foreach (var weekday in days)
                    {
                        foreach (var ordinal in ordinals)
                        {
                            if (NthWeekdayOfMonth(month.Year, month.Month, weekday, ordinal) is { } date)
                            {
                                dates.Add(date);
                            }
                        }
                    }

                    foreach (var date in dates.Where(d => d >= from && d <= to))
                    {
                        yield return date;
                    }
                }

                break;

            case ScheduleKind.MonthlyByDate:
                if (schedule.DayOfMonth is not (>= 1 and <= 31) || schedule.DayOfMonth is not int day)
                {
                    yield break;
                }

                foreach (var month in Months(from, to))
                {
                    var date = new DateOnly(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));
                    if (date >= from && date <= to)
                    {
                        yield return date;
                    }
                }

                break;
        }
    }

    /// <summary>
    /// The n-th weekday of a month (n = 1–5), or the last one for <see cref="LastWeek"/>; null when the month has no
    /// such day (a fifth Tuesday in most months).
    /// </summary>
    public static DateOnly? NthWeekdayOfMonth(int year, int month, DayOfWeek weekday, int ordinal)
    {
        var daysInMonth = DateTime.DaysInMonth(year, month);
        if (ordinal == LastWeek)
        {
            var last = new DateOnly(year, month, daysInMonth);
            return last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
        }

        if (ordinal is < 1 or > 5)
        {
            return null;
        }

        var first = new DateOnly(year, month, 1);
        var day = 1 + (((int)weekday - (int)first.DayOfWeek + 7) % 7) + ((ordinal - 1) * 7);
        return day <= daysInMonth ? new DateOnly(year, month, day) : null;
    }

    private static IEnumerable<DateOnly> Months(DateOnly from, DateOnly to)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly? b) => b is { } end && end < a ? end : a;
}
