using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Accounts;

public sealed class TwoFactorTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task A_coordinator_without_two_factor_is_sent_to_set_it_up_and_then_signs_in_with_a_code()
    {
        var areas = await App.SeedAreasAsync();
        var coordinator = await App.CreateUserAsync("sc@example.jp", "調整 花子");
        await App.GrantAsync(coordinator, Roles.Coordinator, areas["east"], enableTwoFactor: false);
        var client = await App.SignedInAsync("sc@example.jp");

        var staff = await client.GetAsync("/staff");
        Assert.Equal("/account/two-factor?returnUrl=%2Fstaff", staff.Headers.Location?.OriginalString);

        var wrong = await client.PostFormAsync("/account/two-factor", "/account/two-factor", new() { ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);

        var setup = await client.PostFormAsync("/account/two-factor", "/account/two-factor", new() { ["Code"] = await App.AuthenticatorCodeAsync("sc@example.jp"), ["ReturnUrl"] = "/staff" });
        var done = await setup.ReadDocumentAsync();
        Assert.Equal(10, done.QuerySelectorAll(".recovery-codes li").Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);

        // From now on a password alone is not enough.
        var fresh = App.Browser();
        var passwordOnly = await fresh.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "sc@example.jp", ["Password"] = TsunagariApp.Password });
        Assert.StartsWith("/account/login/two-factor", passwordOnly.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var notYet = await fresh.GetAsync("/staff");
        Assert.True(notYet.StatusCode == HttpStatusCode.Redirect, await notYet.Content.ReadAsStringAsync());

        var recovery = done.QuerySelector(".recovery-codes li code")!.TextContent;
        var signedIn = await fresh.PostFormAsync(passwordOnly.Headers.Location!.OriginalString, "/account/login/two-factor", new() { ["Code"] = recovery });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task Residents_and_council_members_are_not_asked_for_two_factor()
    {
        var areas = await App.SeedAreasAsync();
        var member = await App.CreateUserAsync("council@example.jp");
        await App.GrantAsync(member, Roles.CouncilMember, areas["city"]);

        var client = await App.SignedInAsync("council@example.jp");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task The_api_asks_an_admin_for_the_authenticator_code_and_accepts_it()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp");
        await App.GrantAsync(admin, Roles.Admin, areas["city"]);
        var client = App.CreateClient();

        var passwordOnly = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@example.jp", password = TsunagariApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, passwordOnly.StatusCode);
        Assert.Contains("twoFactorCode", (await passwordOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var withCode = await client.PostAsJsonAsync("/api/v1/auth/login", new
        {
            email = "admin@example.jp",
            password = TsunagariApp.Password,
            twoFactorCode = await App.AuthenticatorCodeAsync("admin@example.jp"),
        });
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
    }
}
