using System.Net;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;
using static Tsunagari.Tests.Salons.SalonTestData;

namespace Tsunagari.Tests.Salons;

/// <summary>
/// A whole 市 holds hundreds of sessions a day: the month page shows a few per day and links to a paged page of the
/// day, so it stays light enough for a phone (quality.md: ≤ 100 KB, Lighthouse ≥ 95) and works without JavaScript.
/// </summary>
public sealed class SalonBusyDayTests(TsunagariApp app) : AppTest(app)
{
    private const int EastSalons = SalonMonthViewModel.DayPageSize + 3;

    /// <summary>53 salons in east-1 and one in west-1, each with one session on the busy day (bulk, no planner).</summary>
    private async Task<(Dictionary<string, int> Areas, DateOnly Day)> SeedBusyDayAsync()
    {
        var areas = await App.SeedAreasAsync();
        var day = NextMonth.AddDays(9);
        await App.WithDbAsync(async db =>
        {
            Salon NewSalon(int areaId, string name) => new()
            {
                Name = name, AreaId = areaId, VenueName = "集会所", VenueAddress = "テスト市東町1", ScheduleKind = ScheduleKind.DatesOnly,
                StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(11, 0), StartDate = day, ExtraDates = [day],
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            var salons = Enumerable.Range(1, EastSalons).Select(i => NewSalon(areas["east-1"], $"東サロン{i:00}")).Append(NewSalon(areas["west-1"], "西サロン")).ToList();
            db.AddRange(salons);
            await db.SaveChangesAsync();
            db.AddRange(salons.Select((s, i) => new SalonSession
            {
                SalonId = s.Id, Date = day, StartTime = new TimeOnly(9 + i % 8, 0), EndTime = new TimeOnly(11 + i % 8, 0), IsExtra = true,
                UpdatedAt = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
        });
        return (areas, day);
    }

    [Fact]
    public async Task A_busy_day_shows_four_sessions_in_the_month_grid_and_list_and_links_to_all_of_them_with_the_filters_kept()
    {
        var (areas, day) = await SeedBusyDayAsync();
        var client = App.Browser();
        var more = EastSalons - SalonMonthViewModel.SessionsPerDay;
        var dayLink = $"/salons?area={areas["east"]}&day={Iso(day)}";

        var grid = await client.GetDocumentAsync($"/salons?area={areas["east"]}&month={Month(NextMonth)}");
        var cellLink = Assert.Single(grid.QuerySelectorAll("table.salon-calendar a.more-sessions"));
        Assert.Equal(dayLink, cellLink.GetAttribute("href"));
        Assert.StartsWith($"ほかに{more}件", cellLink.TextContent, StringComparison.Ordinal);
        Assert.Contains($"{day.Month}月{day.Day}日", cellLink.QuerySelector(".visually-hidden")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SalonMonthViewModel.SessionsPerDay, cellLink.Closest("td")!.QuerySelectorAll("li").Length);

        var list = await client.GetDocumentAsync($"/salons?area={areas["east"]}&month={Month(NextMonth)}&view=list");
        var section = list.QuerySelector($"section[aria-labelledby=day-{Iso(day)}]")!;
        Assert.Equal(SalonMonthViewModel.SessionsPerDay, section.QuerySelectorAll("li").Length);
        var listLink = section.QuerySelector(".more-sessions a")!;
        Assert.Equal(dayLink, listLink.GetAttribute("href"));
        Assert.Contains($"ほかに{more}件", listLink.TextContent, StringComparison.Ordinal);

        // The whole 市 on that day has the west salon too.
        var city = await client.GetDocumentAsync($"/salons?month={Month(NextMonth)}");
        Assert.StartsWith($"ほかに{more + 1}件", Assert.Single(city.QuerySelectorAll("a.more-sessions")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_of_a_day_lists_every_session_of_the_area_fifty_at_a_time_and_refuses_pages_and_days_that_do_not_exist()
    {
        var (areas, day) = await SeedBusyDayAsync();
        var client = App.Browser();
        var first = await client.GetDocumentAsync($"/salons?area={areas["east"]}&day={Iso(day)}");
        Assert.Contains($"（{EastSalons}件）", first.QuerySelector("h2#day-heading")!.TextContent, StringComparison.Ordinal);
        var names = first.QuerySelectorAll("ul.day-sessions li a").Select(a => a.TextContent).ToList();
        Assert.Equal(SalonMonthViewModel.DayPageSize, names.Count);
        Assert.Equal($"/salons?area={areas["east"]}&month={Month(NextMonth)}", first.QuerySelector("main p a")!.GetAttribute("href"));

        var next = first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal($"/salons?area={areas["east"]}&day={Iso(day)}&page=2", next);
        var second = await client.GetDocumentAsync(next);
        names.AddRange(second.QuerySelectorAll("ul.day-sessions li a").Select(a => a.TextContent));
        Assert.Null(second.QuerySelector("nav.pager a[rel=next]"));
        Assert.Equal(Enumerable.Range(1, EastSalons).Select(i => $"東サロン{i:00}").Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/salons?area={areas["east"]}&day={Iso(day)}&page=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/salons?area={areas["east"]}&day={Iso(day)}&page=0")).StatusCode);
        var badDay = await client.GetAsync("/salons?day=2026-02-30");
        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
        Assert.Contains("2026-12-05 のように", (await badDay.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }
}
