namespace Tsunagari.Web.Features.Salons.Scheduling;

/// <summary>Answers "is this date a holiday?" for the recurrence rules; a seam so tests can use a fixed list.</summary>
public interface IHolidayCalendar
{
    bool IsHoliday(DateOnly date);
}

/// <summary>
/// 国民の祝日 — Japanese public holidays computed by the statutory rules of 国民の祝日に関する法律: fixed days,
/// Happy Monday days, the equinox days (by the usual astronomical approximation, valid 1980–2099), 振替休日 (the next
/// non-holiday after a holiday on a Sunday) and 国民の休日 (a weekday between two holidays), plus the one-off days of
/// 2019–2021 (enthronement, Olympic moves). Pure: no I/O, no clock. Outside 1980–2099 no holidays are reported.
/// </summary>
/// <remarks>Why hand-written rather than the PublicHoliday package: see docs/decisions/008-salon-schedules.md.</remarks>
public sealed class JapaneseHolidays : IHolidayCalendar
{
    public const int FirstSupportedYear = 1980;
    public const int LastSupportedYear = 2099;

    public static JapaneseHolidays Instance { get; } = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyDictionary<DateOnly, string>> _years = new();

    public bool IsHoliday(DateOnly date) => ForYear(date.Year).ContainsKey(date);

    /// <summary>The holiday's name (元日, 振替休日, 国民の休日 …), or null on an ordinary day.</summary>
    public string? NameOf(DateOnly date) => ForYear(date.Year).GetValueOrDefault(date);

    /// <summary>Every holiday of the year in date order, with its name.</summary>
    public IReadOnlyDictionary<DateOnly, string> ForYear(int year) => _years.GetOrAdd(year, Compute);

    private static SortedDictionary<DateOnly, string> Compute(int year)
    {
        var days = new SortedDictionary<DateOnly, string>();
        if (year is < FirstSupportedYear or > LastSupportedYear)
        {
            return days;
        }

        void Add(int month, int day, string name) => days[new DateOnly(year, month, day)] = name;

        Add(1, 1, "元日");
        if (year >= 2000)
        {
            days[NthWeekday(year, 1, DayOfWeek.Monday, 2)] = "成人の日";
        }
        else
        {
            Add(1, 15, "成人の日");
        }

        Add(2, 11, "建国記念の日");
        if (year >= 2020)
        {
            Add(2, 23, "天皇誕生日");
        }

        Add(3, VernalEquinoxDay(year), "春分の日");
        Add(4, 29, year >= 2007 ? "昭和の日" : year >= 1989 ? "みどりの日" : "天皇誕生日");
        Add(5, 3, "憲法記念日");
        if (year >= 2007)
        {
            Add(5, 4, "みどりの日");
        }

        Add(5, 5, "こどもの日");
        switch (year)
        {
            case 2020:
                Add(7, 23, "海の日");
                Add(7, 24, "スポーツの日");
                Add(8, 10, "山の日");
                break;
            case 2021:
                Add(7, 22, "海の日");
                Add(7, 23, "スポーツの日");
                Add(8, 8, "山の日");
                break;
            default:
                if (year >= 2003)
                {
                    days[NthWeekday(year, 7, DayOfWeek.Monday, 3)] = "海の日";
                }
                else if (year >= 1996)
                {
                    Add(7, 20, "海の日");
                }

                if (year >= 2016)
                {
                    Add(8, 11, "山の日");
                }

                if (year >= 2000)
                {
                    days[NthWeekday(year, 10, DayOfWeek.Monday, 2)] = year >= 2020 ? "スポーツの日" : "体育の日";
                }
                else
                {
                    Add(10, 10, "体育の日");
                }

                break;
        }

        if (year >= 2003)
        {
            days[NthWeekday(year, 9, DayOfWeek.Monday, 3)] = "敬老の日";
        }
        else
        {
            Add(9, 15, "敬老の日");
        }

        Add(9, AutumnalEquinoxDay(year), "秋分の日");
        Add(11, 3, "文化の日");
        Add(11, 23, "勤労感謝の日");
        if (year is >= 1989 and <= 2018)
        {
            Add(12, 23, "天皇誕生日");
        }

        AddOneOffDays(year, Add);
        AddCitizensHolidays(year, days);
        AddSubstituteHolidays(year, days);
        return days;
    }

    private static void AddOneOffDays(int year, Action<int, int, string> add)
    {
        switch (year)
        {
            case 1989:
                add(2, 24, "昭和天皇の大喪の礼");
                break;
            case 1990:
                add(11, 12, "即位礼正殿の儀");
                break;
            case 1993:
                add(6, 9, "皇太子徳仁親王の結婚の儀");
                break;
            case 2019:
                add(5, 1, "天皇の即位の日");
                add(10, 22, "即位礼正殿の儀");
                break;
        }
    }

    /// <summary>国民の休日 (from 1986): an ordinary day, not a Sunday, with a holiday on both sides.</summary>
    private static void AddCitizensHolidays(int year, SortedDictionary<DateOnly, string> days)
    {
        if (year < 1986)
        {
            return;
        }

        foreach (var holiday in days.Keys.ToList())
        {
            var between = holiday.AddDays(1);
            if (between.Year == year && !days.ContainsKey(between) && between.DayOfWeek != DayOfWeek.Sunday
                && days.ContainsKey(holiday.AddDays(2)))
            {
                days[between] = "国民の休日";
            }
        }
    }

    /// <summary>
    /// 振替休日: from 2007 the first day after a Sunday holiday that is not itself a holiday; 1973–2006 only the
    /// Monday after it.
    /// </summary>
    private static void AddSubstituteHolidays(int year, SortedDictionary<DateOnly, string> days)
    {
        foreach (var holiday in days.Keys.Where(d => d.DayOfWeek == DayOfWeek.Sunday).ToList())
        {
            var substitute = holiday.AddDays(1);
            if (year >= 2007)
            {
                while (days.ContainsKey(substitute))
                {
                    substitute = substitute.AddDays(1);
                }
            }
            else if (days.ContainsKey(substitute))
            {
                continue;
            }

            if (substitute.Year == year)
            {
                days[substitute] = "振替休日";
            }
        }
    }

    /// <summary>The n-th (1-based) given weekday of a month.</summary>
    public static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + ((n - 1) * 7));
    }

    // The customary approximation (海上保安庁 / 国立天文台 based), exact for 1980–2099; the official day is announced in
    // the 官報 each February for the following year, and has matched this formula throughout that range so far.
    private static int VernalEquinoxDay(int year) =>
        (int)Math.Floor(20.8431 + (0.242194 * (year - 1980)) - Math.Floor((year - 1980) / 4.0));

    private static int AutumnalEquinoxDay(int year) =>
        (int)Math.Floor(23.2488 + (0.242194 * (year - 1980)) - Math.Floor((year - 1980) / 4.0));
}
