using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Tests.Volunteering;

public sealed class SignupRulesTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task A_person_confirmed_for_one_shift_is_refused_an_overlapping_shift_with_a_409()
    {
        var areas = await App.SeedAreasAsync();
        var start = VolunteeringSeed.InDays(4, 10);
        var (_, morning) = await App.OpportunityAsync(areas["east-1"], "見守り", startsAt: start, hours: 2);
        var (_, overlapping) = await App.OpportunityAsync(areas["west-1"], "調理", startsAt: start.AddHours(1), hours: 2);
        var (_, later) = await App.OpportunityAsync(areas["west-1"], "傾聴", startsAt: start.AddHours(2), hours: 1);
        var client = App.CreateClient();
        object Body() => new { name = "佐藤", phone = "090-1111-2222" };

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/shifts/{morning}/signups", Body())).StatusCode);
        var refused = await client.PostAsJsonAsync($"/api/v1/shifts/{overlapping}/signups", new { name = "佐藤", phone = "０９０１１１１２２２２" });
        var adjacent = await client.PostAsJsonAsync($"/api/v1/shifts/{later}/signups", Body());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("同じ時間", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, adjacent.StatusCode);
        await App.WithDbAsync(async db => Assert.False(await db.Set<ShiftSignup>().AnyAsync(s => s.ShiftId == overlapping)));
    }

    [Fact]
    public async Task The_database_itself_refuses_two_confirmed_overlapping_signups_of_one_person()
    {
        var areas = await App.SeedAreasAsync();
        var start = VolunteeringSeed.InDays(4, 10);
        var (_, a) = await App.OpportunityAsync(areas["east-1"], startsAt: start);
        var (_, b) = await App.OpportunityAsync(areas["east-1"], startsAt: start.AddMinutes(30));
        ShiftSignup Row(int shiftId, DateTimeOffset s) => new()
        {
            Id = Guid.NewGuid(), ShiftId = shiftId, GuestName = "佐藤", Phone = "09011112222", VolunteerKey = "p:09011112222",
            Status = SignupStatus.Confirmed, Channel = SignupChannel.Web, StartsAt = s, EndsAt = s.AddHours(2), CreatedAt = DateTimeOffset.UtcNow,
        };

        await App.WithDbAsync(async db =>
        {
            db.Add(Row(a, start));
            await db.SaveChangesAsync();
            db.Add(Row(b, start.AddMinutes(30)));
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(PostgresErrorCodes.ExclusionViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        });
    }

    [Fact]
    public async Task Expired_and_tampered_cancel_links_are_refused_with_a_friendly_page_and_a_valid_one_cancels()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"]);
        var response = await App.CreateClient().PostAsJsonAsync($"/api/v1/shifts/{shiftId}/signups", new { name = "田中", email = "tanaka@example.jp" });
        var signup = (await response.Content.ReadFromJsonAsync<ShiftSignupResponse>())!;
        var mail = await App.Smtp.WaitForMailToAsync("tanaka@example.jp");
        var link = mail.LinkIn("/volunteer/signups/cancel");
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var expired = new SignedLinks(App.Services.GetRequiredService<IDataProtectionProvider>(), new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-30)))
            .Create(VolunteerMails.CancelPurpose, signup.SignupId.ToString("N"), TimeSpan.FromDays(1));
        var tampered = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        var wrongPurpose = new SignedLinks(App.Services.GetRequiredService<IDataProtectionProvider>(), TimeProvider.System)
            .Create("still-accurate", signup.SignupId.ToString("N"), TimeSpan.FromDays(1));
        var browser = App.Browser();

        foreach (var bad in new[] { expired, tampered, wrongPurpose, "" })
        {
            var page = await browser.GetAsync("/volunteer/signups/cancel?token=" + Uri.EscapeDataString(bad));
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Equal("このリンクは使えません", (await page.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        }

        var confirm = await browser.GetDocumentAsync(link);
        Assert.Equal("申し込みを取り消しますか", confirm.QuerySelector("h1")!.TextContent);
        var done = await browser.PostFormAsync(link, "/volunteer/signups/cancel", new() { ["token"] = token });
        Assert.Equal("申し込みを取り消しました", (await done.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        await App.WithDbAsync(async db =>
            Assert.Equal(SignupStatus.Cancelled, await db.Set<ShiftSignup>().Where(s => s.Id == signup.SignupId).Select(s => s.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_signed_in_volunteer_signs_up_in_one_step_and_sees_it_on_their_page()
    {
        var areas = await App.SeedAreasAsync();
        var (opportunityId, shiftId) = await App.OpportunityAsync(areas["east-1"], "庭木の手入れ", slots: 1);
        await App.CreateUserAsync("haruto@example.jp", "青木 はると");
        var client = await App.SignedInAsync("haruto@example.jp");

        var response = await client.PostFormAsync($"/volunteer/{opportunityId}", $"/volunteer/shifts/{shiftId}/signup", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var done = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("参加が決まりました", done.QuerySelector("h1")!.TextContent);
        var me = await client.GetDocumentAsync("/volunteer/me");
        Assert.Contains("庭木の手入れ", me.QuerySelector("#upcoming-heading + ul")!.TextContent, StringComparison.Ordinal);
        var mail = await App.Smtp.WaitForMailToAsync("haruto@example.jp");
        Assert.Contains("参加が決まりました", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_enters_a_phone_signup_and_the_record_keeps_the_channel_and_who_entered_it()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"], slots: 5);
        var coordinator = await App.CreateUserAsync("sc@example.jp", "北村 ゆうこ");
        await App.GrantAsync(coordinator, Tsunagari.Web.Infrastructure.Auth.Roles.Coordinator, areas["east"]);
        var client = await App.SignedInAsync("sc@example.jp");

        var response = await client.PostFormAsync($"/staff/volunteering/shifts/{shiftId}", $"/staff/volunteering/shifts/{shiftId}/signups",
            new() { ["Name"] = "電話 太郎", ["Phone"] = "0120-000-111", ["Channel"] = "phone" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var row = await db.Set<ShiftSignup>().SingleAsync(s => s.ShiftId == shiftId);
            Assert.Equal(SignupChannel.Phone, row.Channel);
            Assert.Equal(coordinator.Id, row.EnteredBy);
            Assert.Equal("0120000111", row.Phone);
            Assert.Equal(SignupStatus.Confirmed, row.Status);
        });
        var roster = await client.GetDocumentAsync($"/staff/volunteering/shifts/{shiftId}");
        var row = roster.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("電話 太郎", StringComparison.Ordinal));
        Assert.Contains("電話（入力: 北村 ゆうこ）", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_cannot_open_or_change_rosters_outside_their_area()
    {
        var areas = await App.SeedAreasAsync();
        var (opportunityId, shiftId) = await App.OpportunityAsync(areas["east-1"]);
        var coordinator = await App.CreateUserAsync("west@example.jp");
        await App.GrantAsync(coordinator, Tsunagari.Web.Infrastructure.Auth.Roles.Coordinator, areas["west"]);
        var client = await App.SignedInAsync("west@example.jp");

        var roster = await client.GetAsync($"/staff/volunteering/shifts/{shiftId}");
        var csv = await client.GetAsync($"/staff/volunteering/shifts/{shiftId}/roster.csv");
        var edit = await client.GetAsync($"/staff/volunteering/{opportunityId}/edit");
        var proxy = await client.PostFormAsync("/staff/volunteering", $"/staff/volunteering/shifts/{shiftId}/signups",
            new() { ["Name"] = "x", ["Phone"] = "0120000111", ["Channel"] = "phone" });

        foreach (var response in new[] { roster, csv, edit, proxy })
        {
            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || location.StartsWith("/account/denied", StringComparison.Ordinal),
                $"{response.RequestMessage!.RequestUri} → {(int)response.StatusCode} {location}");
        }

        await App.WithDbAsync(async db => Assert.False(await db.Set<ShiftSignup>().AnyAsync()));
    }

    [Fact]
    public async Task Reminders_go_out_once_for_tomorrows_confirmed_signups_only()
    {
        var areas = await App.SeedAreasAsync();
        var (opportunityId, tomorrowShift) = await App.OpportunityAsync(areas["east-1"], startsAt: VolunteeringSeed.InDays(1, 9));
        var laterShift = await App.ShiftAsync(opportunityId, VolunteeringSeed.InDays(5, 9));
        var client = App.CreateClient();
        await client.PostAsJsonAsync($"/api/v1/shifts/{tomorrowShift}/signups", new { name = "明日 さん", email = "tomorrow@example.jp" });
        await client.PostAsJsonAsync($"/api/v1/shifts/{laterShift}/signups", new { name = "来週 さん", email = "later@example.jp" });
        await App.Smtp.WaitForAsync(2);
        App.Smtp.Clear();

        var sent = await App.WithScopeAsync(async sp =>
        {
            var reminders = ActivatorUtilities.CreateInstance<ShiftReminders>(sp);
            return (await reminders.SendDueAsync(CancellationToken.None), await reminders.SendDueAsync(CancellationToken.None));
        });

        Assert.Equal((1, 0), sent);
        var mail = Assert.Single(await App.Smtp.WaitForAsync(1));
        Assert.Equal("tomorrow@example.jp", mail.To.Mailboxes.Single().Address);
        Assert.Contains("明日", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/volunteer/signups/cancel?token=", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weekly_need_generates_shifts_on_the_same_weekday_for_the_weeks_asked()
    {
        var areas = await App.SeedAreasAsync();
        var coordinator = await App.CreateUserAsync("sc@example.jp");
        await App.GrantAsync(coordinator, Tsunagari.Web.Infrastructure.Auth.Roles.Coordinator, areas["east"]);
        var client = await App.SignedInAsync("sc@example.jp");
        var created = await client.PostFormAsync("/staff/volunteering/new", "/staff/volunteering/new", new()
        {
            ["Title"] = "火曜の送迎", ["Description"] = "サロンへの送迎です。", ["HostName"] = "東地区社協", ["AreaId"] = areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SkillIds"] = "2", ["IsPublished"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var firstTuesday = Enumerable.Range(1, 7).Select(d => JapanTime.Today(TimeProvider.System).AddDays(d)).First(d => d.DayOfWeek == DayOfWeek.Tuesday);

        var added = await client.PostFormAsync(page, page + "/shifts", new()
        {
            ["Date"] = firstTuesday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["StartTime"] = "09:30", ["EndTime"] = "11:00", ["Slots"] = "2", ["Weeks"] = "8",
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var starts = await db.Set<Shift>().OrderBy(s => s.StartsAt).Select(s => s.StartsAt).ToListAsync();
            Assert.Equal(8, starts.Count);
            Assert.All(starts, s => Assert.Equal((DayOfWeek.Tuesday, 9, 30), (s.ToJapan().DayOfWeek, s.ToJapan().Hour, s.ToJapan().Minute)));
            Assert.Equal(firstTuesday.AddDays(49), DateOnly.FromDateTime(starts[^1].ToJapan().DateTime));
        });
    }

    [Fact]
    public async Task Public_list_and_api_filter_by_skill_and_area_and_carry_no_personal_data_or_unpublished_needs()
    {
        var areas = await App.SeedAreasAsync();
        await App.OpportunityAsync(areas["east-1"], "東の送迎", skills: [2]);
        await App.OpportunityAsync(areas["west-1"], "西の送迎", skills: [2]);
        await App.OpportunityAsync(areas["east-2"], "東の調理", skills: [5]);
        await App.OpportunityAsync(areas["east-1"], "非公開の送迎", skills: [2], published: false);
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"], "東の見守り", skills: [4]);
        await App.CreateClient().PostAsJsonAsync($"/api/v1/shifts/{shiftId}/signups", new { name = "秘密 花子", email = "hanako@example.jp" });

        var page = await App.CreateClient().GetDocumentAsync($"/volunteer?skill=2&area={areas["east"]}");
        var api = await App.CreateClient().GetStringAsync($"/api/v1/opportunities?skill=2&area={areas["east"]}");
        var all = await App.CreateClient().GetStringAsync("/api/v1/opportunities");

        Assert.Equal(["東の送迎"], page.QuerySelectorAll(".opportunity-list h3").Select(h => h.TextContent.Trim()));
        Assert.Contains("東の送迎", api, StringComparison.Ordinal);
        Assert.DoesNotContain("西の送迎", api, StringComparison.Ordinal);
        Assert.DoesNotContain("非公開", all, StringComparison.Ordinal);
        Assert.DoesNotContain("hanako", all, StringComparison.Ordinal);
        Assert.DoesNotContain("秘密", all, StringComparison.Ordinal);
    }
}
