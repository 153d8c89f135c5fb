using Microsoft.Playwright;
using Tsunagari.Tests.Infrastructure;

namespace Tsunagari.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AccountJourneyTests(BrowserApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Resident_signs_up_confirms_the_mail_link_signs_in_and_sees_their_name()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新規登録" }).ClickAsync();
        await page.GetByLabel("お名前（ニックネームでもかまいません）").FillAsync("緑川 さくら");
        await page.GetByLabel("メールアドレス").FillAsync("sakura@example.jp");
        await page.GetByLabel("パスワード（10文字以上）").FillAsync(TsunagariApp.Password);
        await page.GetByLabel("パスワード（確認のためもう一度）").FillAsync(TsunagariApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("確認のメールを送りました");
        await page.AssertNoAxeViolationsAsync();

        var mail = await app.Smtp.WaitForMailToAsync("sakura@example.jp");
        await page.GotoAsync(mail.LinkIn("/account/confirm"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登録が完了しました");

        await page.GetByRole(AriaRole.Link, new() { Name = "サインインする" }).ClickAsync();
        await page.GetByLabel("メールアドレス").FillAsync("sakura@example.jp");
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(TsunagariApp.Password);
        await page.GetByLabel("パスワード", new() { Exact = true }).PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("緑川 さくらさんのページ");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" }))
            .ToContainTextAsync("緑川 さくらさんのページ");
        await page.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(page, "resident-signed-in");
        Assert.True(File.Exists(Path.Combine(BrowserApp.ArtifactsDirectory, "resident-signed-in.png")));
    }
}
