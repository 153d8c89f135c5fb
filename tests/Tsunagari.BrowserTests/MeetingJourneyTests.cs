using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tsunagari.Web;
using Tsunagari.Web.Features.Meetings;

namespace Tsunagari.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class MeetingJourneyTests(BrowserApp app) : IAsyncLifetime
{
    /// <summary>The form post commits, queues mail and redirects; on a shared two-core machine that can take seconds.</summary>
    private const float SlowMachine = 30_000;

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Resident_registers_by_keyboard_only_asking_for_sign_language_and_gets_a_confirmation()
    {
        var areas = await app.SeedAreasAsync();
        var starts = JapanTime.ToInstant(JapanTime.Today(TimeProvider.System).AddDays(10), new TimeOnly(14, 0)).ToUniversalTime();
        var meeting = new TownMeeting
        {
            Title = "東地区タウンミーティング",
            Purpose = "買い物や通院の困りごとを話し合います。",
            AgendaMarkdown = "1. あいさつ\n2. グループで話し合い",
            StartsAt = starts,
            EndsAt = starts.AddHours(2),
            RegistrationDeadline = starts.AddDays(-2),
            VenueName = "東公民館",
            VenueAddress = "テスト市東町1-2-3",
            AreaId = areas["east"],
            Capacity = 20,
            AccessibilityOffered = AccessibilitySupport.SignLanguage | AccessibilitySupport.Captioning | AccessibilitySupport.WheelchairSeat,
            TopicsAllowed = true,
            Organizers = "テスト市",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await app.WithDbAsync(async db =>
        {
            db.Add(meeting);
            await db.SaveChangesAsync();
        });
        var page = await app.NewPageAsync();

        await page.GotoAsync("/meetings");
        await page.AssertNoAxeViolationsAsync();
        await TabToAsync(page, $"a[href='/meetings/{meeting.Id}']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("東地区タウンミーティング", new() { Timeout = SlowMachine });
        await page.AssertNoAxeViolationsAsync();

        await TabToAsync(page, "#Name");
        await page.Keyboard.TypeAsync("緑川 さくら");
        await TabToAsync(page, "#Email");
        await page.Keyboard.TypeAsync("sakura@example.jp");
        await TabToAsync(page, "#need-SignLanguage");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByLabel("手話通訳")).ToBeCheckedAsync();
        await TabToAsync(page, "#Topics");
        await page.Keyboard.TypeAsync("坂道が多くて買い物が大変です");
        await TabToAsync(page, "button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("参加が確定しています", new() { Timeout = SlowMachine });
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sakura@example.jp");
        await page.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(page, "meeting-registered");

        await app.WithDbAsync(async db =>
        {
            var registration = await db.Set<MeetingRegistration>().SingleAsync();
            Assert.Equal(AccessibilitySupport.SignLanguage, registration.Needs);
            Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
            Assert.Equal("坂道が多くて買い物が大変です", (await db.Set<MeetingTopic>().SingleAsync()).Text);
        });
        var mail = await app.Smtp.WaitForMailToAsync("sakura@example.jp");
        Assert.Contains(mail.Attachments, a => a.ContentType.MimeType == "text/calendar");
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has focus (no clicks, no focus()).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Tab never reached {selector}.");
    }
}
