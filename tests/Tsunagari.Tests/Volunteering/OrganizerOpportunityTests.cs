using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Volunteering;

/// <summary>
/// Organizers (ManageOwnListings on their area) create opportunities there and run only their own; coordinators keep
/// every opportunity of their area and the coordinator-only tools (proxy signups, invitations, cancelling).
/// </summary>
public sealed class OrganizerOpportunityTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task An_organizer_creates_an_opportunity_through_the_form_adds_weekly_shifts_and_runs_the_roster()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp", "世話人 さくら");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var client = await App.SignedInAsync("organizer@example.jp");

        var form = await client.GetDocumentAsync("/staff/volunteering/new");
        var offered = form.QuerySelectorAll("select[name=AreaId] option").Select(o => o.GetAttribute("value")!).Where(v => v.Length > 0).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { areas["east"], areas["east-1"], areas["east-2"] }.Select(Invariant).Order(StringComparer.Ordinal), offered);

        var created = await client.PostFormAsync("/staff/volunteering/new", "/staff/volunteering/new", new()
        {
            ["Title"] = "サロンの送迎", ["Description"] = "サロンまで車で送ります。", ["HostName"] = "東サロンの会",
            ["AreaId"] = Invariant(areas["east-1"]), ["SkillIds"] = "2", ["IsPublished"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var firstTuesday = Enumerable.Range(1, 7).Select(d => JapanTime.Today(TimeProvider.System).AddDays(d)).First(d => d.DayOfWeek == DayOfWeek.Tuesday);
        var added = await client.PostFormAsync(page, page + "/shifts", new()
        {
            ["Date"] = firstTuesday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["StartTime"] = "10:00", ["EndTime"] = "12:00", ["Slots"] = "2", ["Weeks"] = "3",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var (opportunity, shiftIds) = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>();
            var o = await db.Set<Opportunity>().SingleAsync();
            return (o, await db.Set<Shift>().Where(s => s.OpportunityId == o.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync());
        });
        Assert.Equal(organizer.Id, opportunity.CreatedBy);
        Assert.Equal(areas["east-1"], opportunity.AreaId);
        Assert.Equal(3, shiftIds.Count);
        Assert.Contains("サロンの送迎", (await client.GetDocumentAsync("/staff/volunteering")).QuerySelector("#list-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);

        // A volunteer signs up; the organizer sees who is coming, with contact details, records attendance and exports.
        await App.CreateUserAsync("v@example.jp", "青木 はると");
        await (await App.SignedInAsync("v@example.jp")).PostAsJsonAsync($"/api/v1/shifts/{shiftIds[0]}/signups", new { });
        var roster = await client.GetDocumentAsync($"/staff/volunteering/shifts/{shiftIds[0]}");
        var row = roster.QuerySelector("#attendance-form tbody tr")!;
        Assert.Equal("青木 はると", row.QuerySelector("th")!.TextContent.Trim());
        Assert.Contains("v@example.jp", row.TextContent, StringComparison.Ordinal);
        Assert.Null(roster.QuerySelector("form[action$='/signups']"));
        Assert.Null(roster.QuerySelector("form[action$='/cancel']"));
        Assert.Null(roster.QuerySelector("#suggest-heading"));

        var signupId = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<ShiftSignup>().Select(s => s.Id).SingleAsync());
        var saved = await client.PostFormAsync($"/staff/volunteering/shifts/{shiftIds[0]}", $"/staff/volunteering/shifts/{shiftIds[0]}/attendance", new()
        {
            ["Rows[0].SignupId"] = signupId.ToString(), ["Rows[0].Attended"] = "yes", ["Rows[0].Hours"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var csv = await client.GetStringAsync($"/staff/volunteering/shifts/{shiftIds[0]}/roster.csv");
        Assert.Contains("\"青木 はると\",\"参加\",\"\",\"v@example.jp\",\"\",\"API\",\"出席\",\"2.0\"", csv, StringComparison.Ordinal);

        // The coordinator-only tools stay closed, even when posted to directly.
        var proxy = await client.PostFormAsync($"/staff/volunteering/shifts/{shiftIds[0]}", $"/staff/volunteering/shifts/{shiftIds[0]}/signups", new()
        {
            ["Name"] = "電話 太郎", ["Phone"] = "0312345678", ["Channel"] = "phone",
        });
        AssertRefused(proxy);
        AssertRefused(await client.PostFormAsync($"/staff/volunteering/shifts/{shiftIds[0]}", $"/staff/volunteering/shifts/{shiftIds[0]}/invite", new() { ["userId"] = organizer.Id.ToString() }));
        AssertRefused(await client.PostFormAsync($"/staff/volunteering/shifts/{shiftIds[0]}", $"/staff/volunteering/signups/{signupId}/cancel", new()));
        await App.WithDbAsync(async db =>
        {
            var signup = await db.Set<ShiftSignup>().SingleAsync();
            Assert.Equal(SignupStatus.Confirmed, signup.Status);
            Assert.True(signup.Attended);
            Assert.Equal(2.0m, signup.Hours);
        });
    }

    [Fact]
    public async Task A_second_organizer_of_the_area_cannot_see_or_run_it_while_the_areas_coordinator_still_edits_it()
    {
        var areas = await App.SeedAreasAsync();
        var owner = await App.CreateUserAsync("owner@example.jp");
        var neighbour = await App.CreateUserAsync("neighbour@example.jp");
        var coordinator = await App.CreateUserAsync("sc@example.jp");
        await App.GrantAsync(owner, Roles.Organizer, areas["east"]);
        await App.GrantAsync(neighbour, Roles.Organizer, areas["east"]);
        await App.GrantAsync(coordinator, Roles.Coordinator, areas["east"]);
        var (opportunityId, shiftId) = await OwnOpportunityAsync(owner, areas["east-1"], "持ち主の見守り");
        await OwnOpportunityAsync(neighbour, areas["east-2"], "となりの配食");
        var client = await App.SignedInAsync("neighbour@example.jp");

        var list = (await client.GetDocumentAsync("/staff/volunteering")).QuerySelector("main")!.TextContent;
        Assert.Contains("となりの配食", list, StringComparison.Ordinal);
        Assert.DoesNotContain("持ち主の見守り", list, StringComparison.Ordinal);
        AssertRefused(await client.GetAsync($"/staff/volunteering/{opportunityId}"));
        AssertRefused(await client.GetAsync($"/staff/volunteering/{opportunityId}/edit"));
        AssertRefused(await client.GetAsync($"/staff/volunteering/shifts/{shiftId}"));
        AssertRefused(await client.GetAsync($"/staff/volunteering/shifts/{shiftId}/roster.csv"));
        AssertRefused(await client.PostFormAsync("/staff/volunteering/new", $"/staff/volunteering/{opportunityId}/edit", Fields("乗っ取り", areas["east-1"])));
        AssertRefused(await client.PostFormAsync("/staff/volunteering/new", $"/staff/volunteering/{opportunityId}/shifts", new()
        {
            ["Date"] = JapanTime.Today(TimeProvider.System).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["StartTime"] = "10:00", ["EndTime"] = "12:00", ["Slots"] = "2", ["Weeks"] = "1",
        }));
        AssertRefused(await client.PostFormAsync("/staff/volunteering/new", $"/staff/volunteering/shifts/{shiftId}/attendance", new()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/staff/volunteering/999999")).StatusCode);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal("持ち主の見守り", await db.Set<Opportunity>().Where(o => o.Id == opportunityId).Select(o => o.Title).SingleAsync());
            Assert.Equal(1, await db.Set<Shift>().CountAsync(s => s.OpportunityId == opportunityId));
        });

        var coordinatorClient = await App.SignedInAsync("sc@example.jp");
        var coordinatorList = (await coordinatorClient.GetDocumentAsync("/staff/volunteering")).QuerySelector("main")!.TextContent;
        Assert.Contains("持ち主の見守り", coordinatorList, StringComparison.Ordinal);
        Assert.Contains("となりの配食", coordinatorList, StringComparison.Ordinal);
        var edited = await coordinatorClient.PostFormAsync($"/staff/volunteering/{opportunityId}/edit", $"/staff/volunteering/{opportunityId}/edit", Fields("見守り訪問（改）", areas["east-2"]));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var o = await db.Set<Opportunity>().SingleAsync(o => o.Id == opportunityId);
            Assert.Equal(("見守り訪問（改）", areas["east-2"], owner.Id), (o.Title, o.AreaId, o.CreatedBy));
        });
        var ownerClient = await App.SignedInAsync("owner@example.jp");
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"/staff/volunteering/{opportunityId}/edit")).StatusCode);
    }

    [Fact]
    public async Task An_organizer_cannot_create_or_move_an_opportunity_outside_their_grant()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var (opportunityId, _) = await OwnOpportunityAsync(organizer, areas["east-1"], "東の見守り");
        var client = await App.SignedInAsync("organizer@example.jp");

        var outside = await client.PostFormAsync("/staff/volunteering/new", "/staff/volunteering/new", Fields("西の見守り", areas["west-1"]));
        var moved = await client.PostFormAsync($"/staff/volunteering/{opportunityId}/edit", $"/staff/volunteering/{opportunityId}/edit", Fields("東の見守り", areas["west"]));

        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var all = await db.Set<Opportunity>().Select(o => new { o.Title, o.AreaId }).ToListAsync();
            Assert.Equal(("東の見守り", areas["east-1"]), all.Select(o => (o.Title, o.AreaId)).Single());
        });
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Fields(string title, int areaId) => new()
    {
        ["Title"] = title, ["Description"] = "お宅を訪ねてお話しします。", ["HostName"] = "東地区社協", ["AreaId"] = Invariant(areaId),
        ["SkillIds"] = "1", ["IsPublished"] = "true",
    };

    /// <summary>Refused as the app refuses staff out of scope: the denied page (403 behind it), a 403 or a 404.</summary>
    private static void AssertRefused(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Equal("/account/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
            return;
        }

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"Expected 403 or 404, got {(int)response.StatusCode}.");
    }

    private async Task<(int OpportunityId, int ShiftId)> OwnOpportunityAsync(AppUser creator, int areaId, string title)
    {
        var ids = await App.OpportunityAsync(areaId, title);
        await App.WithDbAsync(db => db.Set<Opportunity>().Where(o => o.Id == ids.OpportunityId).ExecuteUpdateAsync(u => u.SetProperty(o => o.CreatedBy, creator.Id)));
        return ids;
    }
}
