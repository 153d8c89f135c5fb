using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Areas;

public sealed class AreaScopeTests(TsunagariApp app) : AppTest(app)
{
    private Task<bool> CanAsync(AppUser user, Permission permission, int areaId) => App.WithScopeAsync(async sp =>
    {
        var principal = await sp.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(user);
        return await sp.GetRequiredService<AreaAccess>().CanAsync(principal, permission, areaId);
    });

    [Fact]
    public async Task Coordinator_of_a_district_may_act_in_its_school_districts_but_not_in_another_district()
    {
        var areas = await App.SeedAreasAsync();
        var coordinator = await App.CreateUserAsync("sc@example.jp");
        await App.GrantAsync(coordinator, Roles.Coordinator, areas["east"]);

        Assert.True(await CanAsync(coordinator, Permission.ProcessSubmissions, areas["east"]));
        Assert.True(await CanAsync(coordinator, Permission.ProcessSubmissions, areas["east-1"]));
        Assert.True(await CanAsync(coordinator, Permission.ProcessSubmissions, areas["east-2"]));
        Assert.False(await CanAsync(coordinator, Permission.ProcessSubmissions, areas["west"]));
        Assert.False(await CanAsync(coordinator, Permission.ProcessSubmissions, areas["west-1"]));
        Assert.False(await CanAsync(coordinator, Permission.ProcessSubmissions, areas["city"]));
        Assert.False(await CanAsync(coordinator, Permission.ManageRoles, areas["east-1"]));
    }

    [Fact]
    public async Task Admin_of_the_municipality_may_act_everywhere_in_it_and_nowhere_else()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp");
        await App.GrantAsync(admin, Roles.Admin, areas["city"]);

        foreach (var code in new[] { "city", "east", "east-1", "east-2", "west", "west-1" })
        {
            Assert.True(await CanAsync(admin, Permission.ManageRoles, areas[code]), code);
            Assert.True(await CanAsync(admin, Permission.ProcessSubmissions, areas[code]), code);
        }

        Assert.False(await CanAsync(admin, Permission.ManageRoles, areas["other-town"]));
        Assert.False(await CanAsync(admin, Permission.ManageRoles, areas["other-d"]));
        Assert.False(await CanAsync(admin, Permission.ManageRoles, areas["pref"]));
    }

    [Fact]
    public async Task Council_member_may_read_the_council_dashboard_but_not_raw_submissions()
    {
        var areas = await App.SeedAreasAsync();
        var member = await App.CreateUserAsync("council@example.jp");
        await App.GrantAsync(member, Roles.CouncilMember, areas["city"]);

        Assert.True(await CanAsync(member, Permission.ViewCouncilDashboard, areas["west-1"]));
        Assert.False(await CanAsync(member, Permission.ProcessSubmissions, areas["west-1"]));
        Assert.False(await CanAsync(member, Permission.ViewCouncilDashboard, areas["other-d"]));
    }

    [Fact]
    public async Task Unknown_area_is_never_in_scope()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp");
        await App.GrantAsync(admin, Roles.Admin, areas["pref"]);

        Assert.False(await CanAsync(admin, Permission.ManageAreas, 999_999));
    }

    [Fact]
    public async Task Staff_pages_send_anonymous_people_to_sign_in_and_refuse_residents()
    {
        await App.CreateUserAsync("resident@example.jp");
        var anonymous = App.Browser();
        var resident = await App.SignedInAsync("resident@example.jp");

        foreach (var url in new[] { "/staff", "/staff/admin/areas", "/staff/admin/roles" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

            var denied = await resident.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/account/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_revoked_role_stops_working_on_the_next_request()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp", "管理 太郎");
        var coordinator = await App.CreateUserAsync("sc@example.jp", "調整 花子");
        await App.GrantAsync(admin, Roles.Admin, areas["city"]);
        await App.GrantAsync(coordinator, Roles.Coordinator, areas["east"]);
        var scClient = await App.SignedInAsync("sc@example.jp");
        Assert.Equal(HttpStatusCode.OK, (await scClient.GetAsync("/staff")).StatusCode);

        var adminClient = await App.SignedInAsync("admin@example.jp");
        var list = await adminClient.GetDocumentAsync("/staff/admin/roles");
        var revokeForm = list.QuerySelectorAll("form[action$='/revoke']")
            .Single(f => f.TextContent.Contains("調整 花子", StringComparison.Ordinal));
        var response = await adminClient.PostFormAsync("/staff/admin/roles", revokeForm.GetAttribute("action")!, []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await scClient.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/denied", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
