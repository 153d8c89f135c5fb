using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Volunteering;

public sealed class StaffVolunteeringTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Roster_suggests_fitting_volunteers_best_first_and_invite_mails_the_chosen_one()
    {
        var areas = await App.SeedAreasAsync();
        var tuesday = Enumerable.Range(2, 7).Select(d => VolunteeringSeed.InDays(d, 10)).First(d => d.ToOffset(TimeSpan.FromHours(9)).DayOfWeek == DayOfWeek.Tuesday);
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"], "火曜の送迎", slots: 2, startsAt: tuesday, skills: [2]);
        await ProfileAsync("best@example.jp", "ぴったり さん", [2], [areas["east"]], weekdays: 1 << 1, bands: 1);
        await ProfileAsync("skill@example.jp", "技能 さん", [2], [areas["other-d"]], weekdays: 0, bands: 0);
        await ProfileAsync("area@example.jp", "地域 さん", [5], [areas["east-1"]], weekdays: 0, bands: 0);
        await ProfileAsync("none@example.jp", "遠く さん", [5], [areas["other-d"]], weekdays: 0, bands: 0);
        await ProfileAsync("no-invites@example.jp", "お断り さん", [2], [areas["east"]], weekdays: 1 << 1, bands: 1, accepts: false);
        var coordinator = await App.CreateUserAsync("sc@example.jp", "北村 ゆうこ");
        await App.GrantAsync(coordinator, Roles.Coordinator, areas["east"]);
        var client = await App.SignedInAsync("sc@example.jp");

        var roster = await client.GetDocumentAsync($"/staff/volunteering/shifts/{shiftId}");
        var names = roster.QuerySelectorAll("#suggest-heading ~ div table tbody th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["ぴったり さん", "技能 さん", "地域 さん"], names);

        var best = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Users.SingleAsync(u => u.Email == "best@example.jp"));
        var invite = await client.PostFormAsync($"/staff/volunteering/shifts/{shiftId}", $"/staff/volunteering/shifts/{shiftId}/invite", new() { ["userId"] = best.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var mail = await App.Smtp.WaitForMailToAsync("best@example.jp");
        Assert.Contains("火曜の送迎", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/volunteer/", mail.TextBody, StringComparison.Ordinal);

        var refused = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Users.SingleAsync(u => u.Email == "no-invites@example.jp"));
        var notSuggested = await client.PostFormAsync($"/staff/volunteering/shifts/{shiftId}", $"/staff/volunteering/shifts/{shiftId}/invite", new() { ["userId"] = refused.Id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, notSuggested.StatusCode);
    }

    [Fact]
    public async Task Attendance_and_hours_are_saved_exported_as_csv_and_shown_in_the_volunteers_history()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"], "=見守り訪問", slots: 3);
        var volunteer = await App.CreateUserAsync("v@example.jp", "青木 はると");
        var coordinator = await App.CreateUserAsync("sc@example.jp");
        await App.GrantAsync(coordinator, Roles.Coordinator, areas["east"]);
        var volunteerClient = await App.SignedInAsync("v@example.jp");
        await volunteerClient.PostAsJsonAsync($"/api/v1/shifts/{shiftId}/signups", new { });
        // The shift took place yesterday.
        await App.WithDbAsync(async db =>
        {
            var start = VolunteeringSeed.InDays(-1, 10);
            await db.Set<Shift>().Where(s => s.Id == shiftId).ExecuteUpdateAsync(u => u.SetProperty(s => s.StartsAt, start).SetProperty(s => s.EndsAt, start.AddHours(2)));
            await db.Set<ShiftSignup>().Where(s => s.ShiftId == shiftId).ExecuteUpdateAsync(u => u.SetProperty(s => s.StartsAt, start).SetProperty(s => s.EndsAt, start.AddHours(2)));
        });
        var signupId = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<ShiftSignup>().Select(s => s.Id).SingleAsync());
        var client = await App.SignedInAsync("sc@example.jp");

        var saved = await client.PostFormAsync($"/staff/volunteering/shifts/{shiftId}", $"/staff/volunteering/shifts/{shiftId}/attendance", new()
        {
            ["Rows[0].SignupId"] = signupId.ToString(), ["Rows[0].Attended"] = "yes", ["Rows[0].Hours"] = "1.5",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var csv = await client.GetAsync($"/staff/volunteering/shifts/{shiftId}/roster.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\"青木 はると\",\"参加\",\"\",\"v@example.jp\",\"\",\"API\",\"出席\",\"1.5\"", lines[1]);

        var me = await volunteerClient.GetDocumentAsync("/volunteer/me");
        Assert.Contains("活動時間の合計: 1.5時間", me.QuerySelector("#history-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("=見守り訪問", me.QuerySelector("#history-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_volunteer_saves_a_profile_with_skills_areas_and_times()
    {
        var areas = await App.SeedAreasAsync();
        await App.CreateUserAsync("v@example.jp", "青木 はると");
        var client = await App.SignedInAsync("v@example.jp");
        var form = new FormUrlEncodedContent(
        [
            new("SkillIds", "2"), new("SkillIds", "7"), new("AreaIds", areas["west"].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Weekdays", "1"), new("Weekdays", "5"), new("TimeBands", "0"), new("ContactPreference", "phone"), new("Phone", "０９０-１１１１-２２２２"),
            new("AcceptsInvitations", "true"), new("AcceptsInvitations", "false"),
            new("__RequestVerificationToken", (await client.GetDocumentAsync("/volunteer/me")).QuerySelector("form[action='/volunteer/me'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
        ]);

        var response = await client.PostAsync("/volunteer/me", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var profile = await db.Set<VolunteerProfile>().SingleAsync();
            Assert.Equal([2, 7], profile.SkillIds);
            Assert.Equal([areas["west"]], profile.AreaIds);
            Assert.Equal((1 << 1) | (1 << 5), profile.Weekdays);
            Assert.Equal(1, profile.TimeBands);
            Assert.Equal("09011112222", profile.Phone);
            Assert.True(profile.AcceptsInvitations);
        });
        var page = await client.GetDocumentAsync("/volunteer/me");
        Assert.True(page.QuerySelector("#skill-7")!.HasAttribute("checked"));
        Assert.True(page.QuerySelector("#day-5")!.HasAttribute("checked"));
    }

    private async Task ProfileAsync(string email, string name, int[] skills, int[] areaIds, int weekdays, int bands, bool accepts = true)
    {
        var user = await App.CreateUserAsync(email, name);
        await App.WithDbAsync(async db =>
        {
            db.Add(new VolunteerProfile { UserId = user.Id, SkillIds = [.. skills], AreaIds = [.. areaIds], Weekdays = weekdays, TimeBands = bands, AcceptsInvitations = accepts, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
    }
}
