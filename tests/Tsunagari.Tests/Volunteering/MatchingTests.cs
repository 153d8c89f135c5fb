using Tsunagari.Web.Features.Volunteering;

namespace Tsunagari.Tests.Volunteering;

public sealed class MatchingTests
{
    // Tuesday 2026-12-08 10:00 in Japan.
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly VolunteerMatching.Need Driving = new([2], "1.2.3.4", TuesdayMorning);
    private const int Tuesday = 1 << 1;
    private const int Morning = 1;
    private const int Evening = 4;

    private static VolunteerMatching.Candidate Person(string name, int[] skills, string[] areas, int days, int bands) =>
        new(Guid.NewGuid(), name, skills, areas, days, bands);

    [Fact]
    public void Skill_outweighs_area_which_outweighs_availability_and_people_who_fit_nothing_are_left_out()
    {
        var everything = Person("全部合う", [2], ["1.2.3"], Tuesday, Morning);
        var skillOnly = Person("技能だけ", [2], ["9.9"], 0, 0);
        var areaAndTime = Person("地域と時間", [5], ["1.2.3.4.7"], Tuesday, Morning);
        var areaOnly = Person("地域だけ", [5], ["1.2"], 0, Evening);
        var timeOnly = Person("時間だけ", [5], ["9.9"], Tuesday, 0);
        var nothing = Person("合わない", [5], ["9.9"], 0, Evening);

        var ranked = VolunteerMatching.Rank(Driving, [nothing, timeOnly, areaOnly, areaAndTime, skillOnly, everything]);

        Assert.Equal(["全部合う", "地域と時間", "技能だけ", "地域だけ", "時間だけ"], ranked.Select(s => s.Candidate.Name));
    }

    [Fact]
    public void An_area_fits_when_it_contains_the_need_or_lies_inside_it_but_not_a_sibling_with_a_similar_path()
    {
        var inside = VolunteerMatching.Score(Driving, Person("a", [], ["1.2.3.4.5"], 0, 0));
        var containing = VolunteerMatching.Score(Driving, Person("b", [], ["1.2"], 0, 0));
        var sibling = VolunteerMatching.Score(Driving, Person("c", [], ["1.2.3.44"], 0, 0));

        Assert.True(inside.AreaFits);
        Assert.True(containing.AreaFits);
        Assert.False(sibling.AreaFits);
    }

    [Fact]
    public void Day_and_time_of_day_are_read_in_Japan_time()
    {
        // 23:30 UTC Monday is 08:30 Tuesday in Japan: a Tuesday-morning person fits.
        var need = Driving with { StartsAt = new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero) };
        var score = VolunteerMatching.Score(need, Person("d", [], [], Tuesday, Morning));

        Assert.True(score.DayFits);
        Assert.True(score.TimeFits);
    }

    [Fact]
    public void A_weekly_need_gives_the_same_weekday_for_each_week_starting_on_or_after_the_first_date()
    {
        var dates = RecurringShifts.Dates(new DateOnly(2026, 12, 2), DayOfWeek.Tuesday, 3);

        Assert.Equal([new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 22)], dates);
        Assert.Equal(RecurringShifts.MaxWeeks, RecurringShifts.Dates(new DateOnly(2026, 12, 2), DayOfWeek.Tuesday, 1000).Count);
    }

    [Theory]
    [InlineData("090-1234-5678", "09012345678")]
    [InlineData("０９０（１２３４）５６７８", "09012345678")]
    public void Phone_numbers_are_compared_by_their_digits(string typed, string normalized) =>
        Assert.Equal(normalized, Contacts.NormalizePhone(typed));
}
