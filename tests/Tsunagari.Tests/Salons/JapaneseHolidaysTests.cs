using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Tests.Salons;

/// <summary>
/// The computed holidays against the Cabinet Office's published lists (内閣府「国民の祝日について」, 令和6年〜令和9年),
/// copied here as data: every date and its name, nothing more and nothing less.
/// </summary>
public sealed class JapaneseHolidaysTests
{
    public static readonly TheoryData<int, string[]> OfficialLists = new()
    {
        {
            2024,
            [
                "01-01 元日", "01-08 成人の日", "02-11 建国記念の日", "02-12 振替休日", "02-23 天皇誕生日", "03-20 春分の日",
                "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-15 海の日",
                "08-11 山の日", "08-12 振替休日", "09-16 敬老の日", "09-22 秋分の日", "09-23 振替休日", "10-14 スポーツの日",
                "11-03 文化の日", "11-04 振替休日", "11-23 勤労感謝の日",
            ]
        },
        {
            2025,
            [
                "01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "02-24 振替休日", "03-20 春分の日",
                "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-21 海の日",
                "08-11 山の日", "09-15 敬老の日", "09-23 秋分の日", "10-13 スポーツの日", "11-03 文化の日", "11-23 勤労感謝の日",
                "11-24 振替休日",
            ]
        },
        {
            2026,
            [
                "01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "03-20 春分の日", "04-29 昭和の日",
                "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-20 海の日", "08-11 山の日",
                "09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 スポーツの日", "11-03 文化の日", "11-23 勤労感謝の日",
            ]
        },
        {
            2027,
            [
                "01-01 元日", "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日", "03-21 春分の日", "03-22 振替休日",
                "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "07-19 海の日", "08-11 山の日",
                "09-20 敬老の日", "09-23 秋分の日", "10-11 スポーツの日", "11-03 文化の日", "11-23 勤労感謝の日",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(OfficialLists))]
    public void Computed_holidays_match_the_Cabinet_Office_list(int year, string[] official)
    {
        var computed = JapaneseHolidays.Instance.ForYear(year)
            .Select(kv => $"{kv.Key:MM-dd} {kv.Value}")
            .ToArray();

        Assert.Equal(official, computed);
    }

    [Fact]
    public void Every_day_of_2024_to_2027_that_is_not_on_the_lists_is_an_ordinary_day()
    {
        var listed = OfficialLists.SelectMany(row => ((string[])row[1]).Select(d => new DateOnly((int)row[0], int.Parse(d[..2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(d[3..5], System.Globalization.CultureInfo.InvariantCulture)))).ToHashSet();
        for (var day = new DateOnly(2024, 1, 1); day <= new DateOnly(2027, 12, 31); day = day.AddDays(1))
        {
            Assert.Equal(listed.Contains(day), JapaneseHolidays.Instance.IsHoliday(day));
        }
    }

    [Fact]
    public void The_2019_enthronement_days_and_the_moved_2020_Olympic_holidays_are_known()
    {
        var holidays = JapaneseHolidays.Instance;
        Assert.Equal("天皇の即位の日", holidays.NameOf(new DateOnly(2019, 5, 1)));
        Assert.Equal("国民の休日", holidays.NameOf(new DateOnly(2019, 4, 30)));
        Assert.Equal("国民の休日", holidays.NameOf(new DateOnly(2019, 5, 2)));
        Assert.Equal("振替休日", holidays.NameOf(new DateOnly(2019, 5, 6)));
        Assert.Equal("スポーツの日", holidays.NameOf(new DateOnly(2020, 7, 24)));
        Assert.Null(holidays.NameOf(new DateOnly(2020, 10, 12)));
        Assert.Null(holidays.NameOf(new DateOnly(2019, 2, 23)));
    }
}
