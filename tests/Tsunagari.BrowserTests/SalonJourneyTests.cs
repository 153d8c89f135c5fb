using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagari.Web;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SalonJourneyTests(BrowserApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Resident_opens_this_months_calendar_for_their_district_sees_a_cancelled_session_and_opens_the_print_sheet()
    {
        var areas = await app.SeedAreasAsync();
        var today = JapanTime.Today(TimeProvider.System);
        // A salon that meets every day, so this month always has sessions from today on; today's is cancelled.
        var salonId = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TsunagariDbContext>();
            var salon = new Salon
            {
                Name = "ひがし茶話会", AreaId = areas["east-1"], VenueName = "東集会所", ScheduleKind = ScheduleKind.Weekly,
                Weekdays = [.. Enumerable.Range(0, 7)], StartTime = new TimeOnly(13, 30), EndTime = new TimeOnly(15, 0), StartDate = today,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Add(salon);
            await db.SaveChangesAsync();
            return salon.Id;
        });
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<SalonSessionPlanner>().ReplanAsync(salonId, CancellationToken.None);
            return await sp.GetRequiredService<TsunagariDbContext>().Set<SalonSession>()
                .Where(s => s.SalonId == salonId && s.Date == today)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsCancelled, true).SetProperty(x => x.CancelReason, "今月はお休みです"));
        });
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "サロンの予定" }).ClickAsync();
        await page.GetByLabel("地域").SelectOptionAsync(areas["east"].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "表示する" }).ClickAsync();

        var calendar = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(calendar.Locator("caption")).ToContainTextAsync($"{today.Year}年{today.Month}月のサロンの予定（東圏域）");
        var cancelled = calendar.Locator("li.cancelled");
        await Assertions.Expect(cancelled).ToHaveCountAsync(1);
        await Assertions.Expect(cancelled).ToContainTextAsync("お休み");
        await Assertions.Expect(cancelled).ToContainTextAsync("今月はお休みです");
        await page.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(page, "salon-calendar");

        await page.GetByRole(AriaRole.Link, new() { Name = "印刷用（A4・回覧板向け）" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("サロンのご案内");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("東圏域");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr.cancelled")).ToContainTextAsync("お休み");
        await page.AssertNoAxeViolationsAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "カレンダーにもどる" })).ToBeHiddenAsync();
        await BrowserApp.ScreenshotAsync(page, "salon-print-sheet");
    }
}
