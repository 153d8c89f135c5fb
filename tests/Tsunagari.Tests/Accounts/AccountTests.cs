using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;

namespace Tsunagari.Tests.Accounts;

public sealed class AccountTests(TsunagariApp app) : AppTest(app)
{
    private static Dictionary<string, string> SignUp(string email, string name = "山田 花子") => new()
    {
        ["DisplayName"] = name,
        ["Email"] = email,
        ["Password"] = TsunagariApp.Password,
        ["ConfirmPassword"] = TsunagariApp.Password,
    };

    [Fact]
    public async Task Sign_up_mails_a_confirmation_link_and_sign_in_works_only_after_confirming()
    {
        var client = App.Browser();
        var response = await client.PostFormAsync("/account/register", "/account/register", SignUp("hanako@example.jp"));
        Assert.Equal("/account/register/done", response.Headers.Location?.OriginalString);

        var early = await client.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "hanako@example.jp", ["Password"] = TsunagariApp.Password });
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("確認がまだ済んでいません", (await early.ReadDocumentAsync()).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);

        var mail = await App.Smtp.WaitForMailToAsync("hanako@example.jp");
        Assert.Contains("確認", mail.Subject, StringComparison.Ordinal);
        var confirm = await client.GetAsync(mail.LinkIn("/account/confirm"));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal("登録が完了しました", (await confirm.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);

        var signedIn = await App.SignedInAsync("hanako@example.jp");
        var me = await signedIn.GetDocumentAsync("/account");
        Assert.Equal("山田 花子さんのページ", me.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Signing_up_with_a_registered_address_looks_the_same_and_mails_the_owner_instead()
    {
        await App.CreateUserAsync("taken@example.jp", "先に 登録");
        var client = App.Browser();

        var response = await client.PostFormAsync("/account/register", "/account/register", SignUp("taken@example.jp", "なりすまし"));

        Assert.Equal("/account/register/done", response.Headers.Location?.OriginalString);
        var mail = await App.Smtp.WaitForMailToAsync("taken@example.jp");
        Assert.Contains("すでにアカウントがあります", mail.TextBody, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Users.CountAsync()));
    }

    [Fact]
    public async Task Sign_up_with_invalid_fields_answers_in_japanese_and_saves_nothing()
    {
        var client = App.Browser();
        var form = SignUp("not-an-address");
        form["ConfirmPassword"] = "something-else-entirely";

        var response = await client.PostFormAsync("/account/register", "/account/register", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await response.ReadDocumentAsync()).QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.Contains("メールアドレスの形が正しくありません。", errors, StringComparison.Ordinal);
        Assert.Contains("2つのパスワードが同じではありません。", errors, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Users.CountAsync());
            Assert.Equal(0, await db.OutboxMessages.CountAsync());
        });
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        await App.CreateUserAsync("lock@example.jp");
        var client = App.Browser();
        for (var i = 0; i < 5; i++)
        {
            await client.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "lock@example.jp", ["Password"] = "wrong-password-" + i });
        }

        var response = await client.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "lock@example.jp", ["Password"] = TsunagariApp.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("しばらくサインインできません", (await response.ReadDocumentAsync()).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_reset_link_sets_a_new_password_and_a_tampered_link_is_refused()
    {
        await App.CreateUserAsync("forgot@example.jp");
        var client = App.Browser();
        await client.PostFormAsync("/account/forgot", "/account/forgot", new() { ["Email"] = "forgot@example.jp" });
        var link = (await App.Smtp.WaitForMailToAsync("forgot@example.jp")).LinkIn("/account/reset");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        Dictionary<string, string> Reset(string code) => new()
        {
            ["UserId"] = query["userId"]!,
            ["Code"] = code,
            ["Password"] = "a-brand-new-password",
            ["ConfirmPassword"] = "a-brand-new-password",
        };

        var tampered = await client.PostFormAsync(link, "/account/reset", Reset(query["code"]!.Replace('A', 'B').Replace('a', 'b')));
        Assert.Contains("有効期限が切れているか", (await tampered.ReadDocumentAsync()).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);

        var reset = await client.PostFormAsync(link, "/account/reset", Reset(query["code"]!));
        Assert.Equal("パスワードを決め直しました", (await reset.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        await App.SignedInAsync("forgot@example.jp", "a-brand-new-password");
    }

    [Fact]
    public async Task Tampered_confirmation_link_is_refused_with_400()
    {
        var user = await App.CreateUserAsync("unconfirmed@example.jp", confirmed: false);

        var response = await App.Browser().GetAsync($"/account/confirm?userId={user.Id}&code=bm90LWEtdG9rZW4");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await App.WithDbAsync(async db => Assert.False((await db.Users.SingleAsync()).EmailConfirmed));
    }

    [Fact]
    public async Task Integrations_sign_in_for_a_bearer_token_and_use_it_on_the_api()
    {
        await App.CreateUserAsync("api@example.jp", "連携 システム");
        var client = App.CreateClient();

        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "api@example.jp", password = TsunagariApp.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new("Bearer", token);
        var me = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("連携 システム", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "api@example.jp", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
    }
}
