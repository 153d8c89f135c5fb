using Microsoft.Playwright;
using Tsunagari.Web;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Volunteering;

namespace Tsunagari.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class VolunteeringJourneyTests(BrowserApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Volunteer_finds_a_shift_by_skill_and_area_signs_up_gets_the_mail_and_cancels_from_its_link()
    {
        var areas = await app.SeedAreasAsync();
        await OpportunityAsync(areas["east-1"], "火曜の送迎", 2);
        await OpportunityAsync(areas["west-1"], "西の送迎", 2);
        await OpportunityAsync(areas["east-1"], "東の調理", 5);
        var page = await app.NewPageAsync();

        await page.GotoAsync("/volunteer");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("できること").SelectOptionAsync(new SelectOptionValue { Label = "送迎" });
        await page.GetByLabel("地域").SelectOptionAsync(new SelectOptionValue { Value = areas["east"].ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await page.GetByRole(AriaRole.Button, new() { Name = "探す" }).ClickAsync();
        await Assertions.Expect(page.Locator(".opportunity-list h3")).ToHaveTextAsync(["火曜の送迎"]);
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "火曜の送迎" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("火曜の送迎");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "に申し込む" }).First.ClickAsync();

        await page.GetByLabel("お名前").FillAsync("森 ひかり");
        await page.GetByLabel("メールアドレス").FillAsync("hikari@example.jp");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("参加が決まりました");
        await page.AssertNoAxeViolationsAsync();

        var mail = await app.Smtp.WaitForMailToAsync("hikari@example.jp");
        Assert.Contains("火曜の送迎", mail.Subject, StringComparison.Ordinal);
        await page.GotoAsync(mail.LinkIn("/volunteer/signups/cancel"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("申し込みを取り消しますか");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "取り消す" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("申し込みを取り消しました");
        await page.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(page, "volunteer-cancelled");

        await page.GotoAsync("/volunteer");
        await Assertions.Expect(page.Locator(".opportunity-list li").Filter(new() { HasText = "火曜の送迎" })).ToContainTextAsync("あと3人");
    }

    private Task OpportunityAsync(int areaId, string title, int skillId) => app.WithDbAsync(async db =>
    {
        var start = JapanTime.ToInstant(JapanTime.Today(TimeProvider.System).AddDays(3), new TimeOnly(9, 30)).ToUniversalTime();
        db.Add(new Opportunity
        {
            Title = title, Description = "サロンまで車で送ります。", HostName = "東地区社協", AreaId = areaId, LocationText = "東公民館",
            SkillIds = [skillId], CreatedAt = DateTimeOffset.UtcNow,
            Shifts = [new Shift { StartsAt = start, EndsAt = start.AddHours(2), Slots = 3 }],
        });
        await db.SaveChangesAsync();
    });
}
