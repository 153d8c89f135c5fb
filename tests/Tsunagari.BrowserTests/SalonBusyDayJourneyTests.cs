using System.Globalization;
using Microsoft.Playwright;
using Tsunagari.Web;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.BrowserTests;

/// <summary>
/// A busy day in the month grid: by keyboard only and without JavaScript, a resident reaches every salon of the day
/// through the "ほかに N件" link, which names the day for screen readers; axe-core finds nothing on either page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SalonBusyDayJourneyTests(BrowserApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task By_keyboard_without_javascript_a_resident_opens_every_salon_of_a_busy_day_from_the_month_grid()
    {
        var areas = await app.SeedAreasAsync();
        var today = JapanTime.Today(TimeProvider.System);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        var day = month.AddDays(9);
        const int salons = SalonMonthViewModel.SessionsPerDay + 2;
        await app.WithDbAsync(async db =>
        {
            var added = Enumerable.Range(1, salons).Select(i => new Salon
            {
                Name = $"にぎやかサロン{i}", AreaId = areas["east-1"], VenueName = "東集会所", ScheduleKind = ScheduleKind.DatesOnly,
                StartTime = new TimeOnly(9 + i, 0), EndTime = new TimeOnly(10 + i, 0), StartDate = day, ExtraDates = [day],
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.AddRange(added);
            await db.SaveChangesAsync();
            db.AddRange(added.Select(s => new SalonSession
            {
                SalonId = s.Id, Date = day, StartTime = s.StartTime, EndTime = s.EndTime, IsExtra = true, UpdatedAt = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
        });
        var monthUrl = $"/salons?area={areas["east"]}&month={month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";
        // axe-core needs the page's JavaScript: it checks the same pages in a second tab with JavaScript on.
        var checker = await app.NewPageAsync();
        await checker.GotoAsync(monthUrl);
        await checker.AssertNoAxeViolationsAsync();

        var page = await app.NewPageAsync(javaScript: false);
        await page.GotoAsync(monthUrl);

        var more = page.Locator("table.salon-calendar a.more-sessions");
        await Assertions.Expect(more).ToHaveCountAsync(1);
        await Assertions.Expect(more).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex($"^ほかに2件\\s*（{day.Month}月{day.Day}日"));
        // Locators run in Playwright's own world, so they work with the page's JavaScript turned off (page.Evaluate does not).
        for (var i = 0; i < 300 && await page.Locator("a.more-sessions:focus").CountAsync() == 0; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(more).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h2#day-heading")).ToContainTextAsync($"{day.Month}月{day.Day}日");
        await Assertions.Expect(page.Locator("ul.day-sessions li")).ToHaveCountAsync(salons);

        await checker.GotoAsync(page.Url);
        await checker.AssertNoAxeViolationsAsync();
        await checker.GotoAsync(page.Url + "&lang=ja-easy");
        await Assertions.Expect(checker.Locator("ul.day-sessions li")).ToHaveCountAsync(salons);
        await checker.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(checker, "salon-busy-day");
    }
}
