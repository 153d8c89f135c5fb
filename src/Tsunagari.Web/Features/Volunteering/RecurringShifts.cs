namespace Tsunagari.Web.Features.Volunteering;

/// <summary>"毎週火曜の送迎" — the dates of a weekly need for the next weeks. Pure, so it is unit-tested.</summary>
public static class RecurringShifts
{
    public const int MaxWeeks = 26;

    /// <summary>The first <paramref name="weeks"/> dates falling on <paramref name="day"/>, from <paramref name="from"/> inclusive.</summary>
    public static IReadOnlyList<DateOnly> Dates(DateOnly from, DayOfWeek day, int weeks)
    {
        var first = from.AddDays(((int)day - (int)from.DayOfWeek + 7) % 7);
        return Enumerable.Range(0, Math.Clamp(weeks, 0, MaxWeeks)).Select(i => first.AddDays(7 * i)).ToList();
    }
}
