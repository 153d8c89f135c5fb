using Microsoft.Playwright;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PlacesJourneyTests(BrowserApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Resident_filters_by_school_district_and_weekday_and_opens_a_place()
    {
        var areas = await app.SeedAreasAsync();
        await AddPlaceAsync(areas["east-1"], "東町ふれあいサロン", p =>
        {
            p.NameKana = "ヒガシマチフレアイサロン";
            p.Weekdays = [3];
            p.ScheduleText = "第1・第3水曜 10:00〜12:00";
            p.Audiences = ["elderly"];
            p.Accessibility = ["step-free", "chairs"];
            p.Directions = "バス停「東町」から歩いて1分";
            p.ContactPhone = "0120-000-111";
        });
        await AddPlaceAsync(areas["east-1"], "東町金曜カフェ", p => p.Weekdays = [5]);
        await AddPlaceAsync(areas["west-1"], "西町水曜サロン", p => p.Weekdays = [3]);
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" }).GetByRole(AriaRole.Link, new() { Name = "居場所をさがす" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("居場所をさがす");
        await page.AssertNoAxeViolationsAsync();

        await page.GetByLabel("地域").SelectOptionAsync(new SelectOptionValue { Value = areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await page.GetByLabel("曜日").SelectOptionAsync(new SelectOptionValue { Label = "水曜" });
        await page.GetByRole(AriaRole.Button, new() { Name = "さがす", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "見つかった居場所: 1件" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".place-list h3")).ToHaveTextAsync(["東町ふれあいサロン"]);
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "東町ふれあいサロン" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("東町ふれあいサロン");
        await Assertions.Expect(page.GetByText("第1・第3水曜 10:00〜12:00")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("バス停「東町」から歩いて1分")).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(page, "place-details");
    }

    private Task AddPlaceAsync(int areaId, string name, Action<Place> configure) => app.WithDbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var place = new Place
        {
            Name = name, CategoryCode = "salon", AreaId = areaId, Status = PlaceStatus.Published, AddressArea = "テスト市東町一丁目",
            AddressDetail = "1-2", Latitude = 35.68, Longitude = 139.76, CreatedAt = now, UpdatedAt = now, LastConfirmedAt = now,
        };
        configure(place);
        place.RefreshSearchText();
        db.Set<Place>().Add(place);
        await db.SaveChangesAsync();
    });
}
