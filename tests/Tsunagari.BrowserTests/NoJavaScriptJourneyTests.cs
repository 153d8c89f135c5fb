using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tsunagari.Web;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.SupportMap;

namespace Tsunagari.BrowserTests;

/// <summary>
/// The three public journeys that matter most, in a browser with JavaScript switched off (old phones, strict
/// settings, a script that failed to load): everything is a plain link or form.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NoJavaScriptJourneyTests(BrowserApp app) : IAsyncLifetime
{
    private const float SlowMachine = 30_000;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Without_javascript_a_resident_searches_places_registers_for_a_meeting_and_sends_a_map_entry()
    {
        var areas = await app.SeedAreasAsync();
        var now = DateTimeOffset.UtcNow;
        var starts = JapanTime.ToInstant(JapanTime.Today(TimeProvider.System).AddDays(10), new TimeOnly(14, 0)).ToUniversalTime();
        var meeting = new TownMeeting
        {
            Title = "東地区タウンミーティング", Purpose = "買い物の困りごとを話し合います。", AgendaMarkdown = "1. あいさつ",
            StartsAt = starts, EndsAt = starts.AddHours(2), RegistrationDeadline = starts.AddDays(-2),
            VenueName = "東公民館", VenueAddress = "テスト市東町1-2-3", AreaId = areas["east"], Capacity = 20,
            AccessibilityOffered = AccessibilitySupport.SignLanguage, TopicsAllowed = true, Organizers = "テスト市",
            CreatedAt = now, UpdatedAt = now,
        };
        await app.WithDbAsync(async db =>
        {
            var place = new Place
            {
                Name = "東町ふれあいサロン", CategoryCode = "salon", AreaId = areas["east-1"], Status = PlaceStatus.Published,
                AddressArea = "テスト市東町一丁目", AddressDetail = "1-2", Latitude = 35.68, Longitude = 139.76, Weekdays = [3],
                CreatedAt = now, UpdatedAt = now, LastConfirmedAt = now,
            };
            place.RefreshSearchText();
            db.Add(place);
            db.Add(meeting);
            await db.SaveChangesAsync();
        });
        var page = await app.NewPageAsync(javaScript: false);

        // 居場所: filter by 小学校区 and weekday, open the place.
        await page.GotoAsync("/places");
        await page.GetByLabel("地域").SelectOptionAsync(new SelectOptionValue { Value = areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await page.GetByLabel("曜日").SelectOptionAsync(new SelectOptionValue { Label = "水曜" });
        await page.GetByRole(AriaRole.Button, new() { Name = "さがす", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "東町ふれあいサロン" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("東町ふれあいサロン");

        // タウンミーティング: register with an accessibility need.
        await page.GotoAsync($"/meetings/{meeting.Id}");
        await page.Locator("#Name").FillAsync("緑川 さくら");
        await page.Locator("#Email").FillAsync("sakura@example.jp");
        await page.GetByLabel("手話通訳").CheckAsync();
        await page.Locator("form button[type=submit]").Last.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("参加が確定しています", new() { Timeout = SlowMachine });

        // 支え合いマップ: a 気がかり by area choice, no map.
        await page.GotoAsync("/map");
        await page.GetByLabel("気がかり", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("地域", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "　　東小学校区" });
        await page.GetByLabel("内容", new() { Exact = true }).FillAsync("夜になると商店街の街灯が少なくて歩きにくいです。");
        await page.GetByLabel("上のことを読んで、同意します").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "送る" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("受け付けました", new() { Timeout = SlowMachine });

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(AccessibilitySupport.SignLanguage, (await db.Set<MeetingRegistration>().SingleAsync()).Needs);
            Assert.Equal(1, await db.Set<MapSubmission>().CountAsync());
        });
    }
}
