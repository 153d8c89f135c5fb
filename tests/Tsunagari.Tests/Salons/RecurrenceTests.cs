using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Tests.Salons;

public sealed class RecurrenceTests
{
    private static readonly IHolidayCalendar Holidays = JapaneseHolidays.Instance;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static List<string> Dates(SalonSchedule schedule, DateOnly from, DateOnly to, IHolidayCalendar? holidays = null) =>
        Recurrence.Occurrences(schedule, from, to, holidays ?? Holidays).Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public void Weekly_on_Wednesdays_meets_every_Wednesday_of_the_month()
    {
        var schedule = new SalonSchedule(ScheduleKind.Weekly, D(2026, 1, 1), Weekdays: [DayOfWeek.Wednesday]);

        Assert.Equal(["2026-12-02", "2026-12-09", "2026-12-16", "2026-12-23", "2026-12-30"], Dates(schedule, D(2026, 12, 1), D(2026, 12, 31)));
    }

    [Fact]
    public void Start_and_end_dates_are_inclusive()
    {
        var schedule = new SalonSchedule(ScheduleKind.Weekly, D(2026, 12, 9), D(2026, 12, 23), Weekdays: [DayOfWeek.Wednesday]);

        Assert.Equal(["2026-12-09", "2026-12-16", "2026-12-23"], Dates(schedule, D(2026, 11, 1), D(2027, 1, 31)));
    }

    [Fact]
    public void Second_and_fourth_Tuesday_holds_on_holidays_unless_told_otherwise()
    {
        var schedule = new SalonSchedule(ScheduleKind.MonthlyByWeekday, D(2026, 1, 1), Weekdays: [DayOfWeek.Tuesday], WeekOrdinals: [2, 4]);

        // 2027-02-23 is 天皇誕生日.
        Assert.Equal(["2027-02-09", "2027-02-23"], Dates(schedule, D(2027, 2, 1), D(2027, 2, 28)));
        Assert.Equal(["2027-02-09"], Dates(schedule with { HolidayRule = HolidayRule.Skip }, D(2027, 2, 1), D(2027, 2, 28)));
        Assert.Equal(["2027-02-09", "2027-02-24"], Dates(schedule with { HolidayRule = HolidayRule.MoveToNextDay }, D(2027, 2, 1), D(2027, 2, 28)));
    }

    [Fact]
    public void A_fifth_weekday_exists_only_in_months_that_have_one_including_29_February_of_a_leap_year()
    {
        var schedule = new SalonSchedule(ScheduleKind.MonthlyByWeekday, D(2027, 1, 1), Weekdays: [DayOfWeek.Tuesday], WeekOrdinals: [5]);

        Assert.Equal(["2027-03-30", "2027-06-29", "2027-08-31", "2027-11-30", "2028-02-29"], Dates(schedule, D(2027, 1, 1), D(2028, 3, 1)));
    }

    [Fact]
    public void Last_weekday_of_the_month_is_found_when_the_month_ends_on_another_day()
    {
        var schedule = new SalonSchedule(ScheduleKind.MonthlyByWeekday, D(2027, 1, 1), Weekdays: [DayOfWeek.Friday], WeekOrdinals: [Recurrence.LastWeek]);

        Assert.Equal(["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30"], Dates(schedule, D(2027, 1, 1), D(2027, 4, 30)));
    }

    [Fact]
    public void Monthly_on_the_31st_meets_on_the_last_day_of_shorter_months_and_on_29_February_in_a_leap_year()
    {
        var schedule = new SalonSchedule(ScheduleKind.MonthlyByDate, D(2027, 1, 1), DayOfMonth: 31);

        Assert.Equal(
            ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30", "2027-07-31", "2027-08-31", "2027-09-30",
             "2027-10-31", "2027-11-30", "2027-12-31", "2028-01-31", "2028-02-29"],
            Dates(schedule, D(2027, 1, 1), D(2028, 2, 29)));
    }

    [Fact]
    public void Monthly_on_the_15th_never_drifts()
    {
        var schedule = new SalonSchedule(ScheduleKind.MonthlyByDate, D(2027, 1, 1), DayOfMonth: 15);

        Assert.Equal(12, Dates(schedule, D(2027, 1, 1), D(2027, 12, 31)).Count);
        Assert.All(Recurrence.Occurrences(schedule, D(2027, 1, 1), D(2027, 12, 31), Holidays), d => Assert.Equal(15, d.Day));
    }

    [Fact]
    public void Exception_dates_are_left_out_and_extra_dates_are_added()
    {
        var schedule = new SalonSchedule(
            ScheduleKind.Weekly, D(2026, 1, 1), Weekdays: [DayOfWeek.Wednesday],
            ExtraDates: [D(2026, 12, 27)], ExceptionDates: [D(2026, 12, 30)]);

        Assert.Equal(["2026-12-02", "2026-12-09", "2026-12-16", "2026-12-23", "2026-12-27"], Dates(schedule, D(2026, 12, 1), D(2026, 12, 31)));
    }

    [Fact]
    public void Moving_past_Golden_Week_lands_on_the_first_ordinary_day_even_when_only_that_day_is_asked_for()
    {
        // 2026-05-04 (Mon), 05-05 and 05-06 (振替休日) are holidays.
        var schedule = new SalonSchedule(ScheduleKind.Weekly, D(2026, 1, 1), Weekdays: [DayOfWeek.Monday], HolidayRule: HolidayRule.MoveToNextDay);

        Assert.Equal(["2026-05-07", "2026-05-11", "2026-05-18", "2026-05-25"], Dates(schedule, D(2026, 5, 1), D(2026, 5, 31)));
        Assert.Equal(["2026-05-07"], Dates(schedule, D(2026, 5, 7), D(2026, 5, 7)));
    }

    [Fact]
    public void Two_dates_moved_onto_the_same_day_meet_once_and_a_move_onto_a_regular_day_merges_with_it()
    {
        // Silver Week 2026: 09-21 敬老の日 (Mon), 09-22 国民の休日 (Tue), 09-23 秋分の日 (Wed).
        var schedule = new SalonSchedule(ScheduleKind.Weekly, D(2026, 1, 1), Weekdays: [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Thursday], HolidayRule: HolidayRule.MoveToNextDay);

        Assert.Equal(["2026-09-24", "2026-09-28", "2026-09-29"], Dates(schedule, D(2026, 9, 21), D(2026, 9, 30)));
    }

    [Fact]
    public void Moving_to_the_previous_day_skips_back_over_a_Sunday_holiday()
    {
        // 2027-03-21 春分の日 is a Sunday, 03-22 its 振替休日.
        var schedule = new SalonSchedule(ScheduleKind.MonthlyByWeekday, D(2027, 1, 1), Weekdays: [DayOfWeek.Monday], WeekOrdinals: [4], HolidayRule: HolidayRule.MoveToPreviousDay);

        Assert.Equal(["2027-03-20"], Dates(schedule, D(2027, 3, 1), D(2027, 3, 31)));
    }

    [Fact]
    public void Skipping_holidays_drops_Coming_of_Age_Day()
    {
        var schedule = new SalonSchedule(ScheduleKind.Weekly, D(2026, 1, 1), Weekdays: [DayOfWeek.Monday], HolidayRule: HolidayRule.Skip);

        Assert.Equal(["2027-01-04", "2027-01-18", "2027-01-25"], Dates(schedule, D(2027, 1, 1), D(2027, 1, 31)));
    }

    [Fact]
    public void Only_extra_dates_for_an_irregular_salon()
    {
        var schedule = new SalonSchedule(ScheduleKind.DatesOnly, D(2026, 1, 1), ExtraDates: [D(2027, 2, 23), D(2026, 12, 24)], HolidayRule: HolidayRule.Skip);

        // Extra dates are chosen by hand, so the holiday rule does not touch them.
        Assert.Equal(["2026-12-24", "2027-02-23"], Dates(schedule, D(2026, 12, 1), D(2027, 3, 1)));
    }
}
