using Microsoft.Playwright;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SupportMapJourneyTests(BrowserApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Resident_sends_a_concern_without_signing_in_and_a_coordinator_turns_it_into_an_anonymized_local_issue()
    {
        var areas = await app.SeedAreasAsync();
        var coordinator = await app.CreateUserAsync("sc@example.jp", "東 ゆうこ");
        await app.GrantAsync(coordinator, Roles.Coordinator, areas["east"]);

        // A resident, not signed in, uses the area list instead of the map.
        var resident = await app.NewPageAsync();
        await resident.GotoAsync("/map");
        await Assertions.Expect(resident.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("支え合いマップ");
        await resident.AssertNoAxeViolationsAsync();
        await resident.GetByLabel("気がかり", new() { Exact = true }).CheckAsync();
        await resident.GetByLabel("地域", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "　　東小学校区" });
        await resident.GetByLabel("内容", new() { Exact = true }).FillAsync("坂の上の田中さん（090-1234-5678）が、最近ひとりで買い物に行けていないようです。");
        await resident.GetByLabel("上のことを読んで、同意します").CheckAsync();
        await resident.GetByRole(AriaRole.Button, new() { Name = "送る" }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("受け付けました");
        await resident.AssertNoAxeViolationsAsync();

        // The coordinator signs in with two-factor and opens the entry: personal data is highlighted.
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Fstaff%2Fsubmissions");
        await page.GetByLabel("メールアドレス").FillAsync("sc@example.jp");
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(TsunagariApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインインする" }).ClickAsync();
        await page.GetByLabel("認証アプリの6桁の数字、または回復用コード").FillAsync(await app.AuthenticatorCodeAsync("sc@example.jp"));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await page.GotoAsync("/staff/submissions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("支え合いマップの投稿");
        await page.AssertNoAxeViolationsAsync();
        await page.Locator("tbody a").First.ClickAsync();
        await Assertions.Expect(page.Locator(".raw-text mark.personal-data")).ToHaveCountAsync(2);
        await page.AssertNoAxeViolationsAsync();

        // First attempt copies a name: the detector stops it and shows where.
        await page.GetByRole(AriaRole.Link, new() { Name = "地域課題にまとめる" }).ClickAsync();
        await page.GetByLabel("分類").SelectOptionAsync(new SelectOptionValue { Label = "買い物困難" });
        await page.GetByLabel("高齢", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("まとめ（個人が特定できない書き方で）").FillAsync("坂の上の田中さんが、ひとりで買い物に行けていない。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("個人が特定できる情報が1か所");
        await Assertions.Expect(page.Locator(".notice.error mark.personal-data")).ToContainTextAsync("田中さん");
        await page.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(page, "support-map-detector");

        // Rewritten without the name, it saves.
        await page.GetByLabel("まとめ（個人が特定できない書き方で）").FillAsync("坂の上の地区で、高齢の方がひとりで買い物に行けていない。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("地域課題を保存しました。");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("東小学校区");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("坂の上の地区で、高齢の方がひとりで買い物に行けていない。");
        await page.AssertNoAxeViolationsAsync();
    }
}
