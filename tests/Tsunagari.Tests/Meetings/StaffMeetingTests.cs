using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Meetings;

public sealed class StaffMeetingTests(TsunagariApp app) : AppTest(app)
{
    private Dictionary<string, int> _areas = [];

    [Fact]
    public async Task Coordinator_creates_a_meeting_with_the_form_and_residents_see_it_with_its_support()
    {
        var coordinator = await CoordinatorAsync("east");
        var response = await PostAsync(coordinator, "/staff/meetings/new", "/staff/meetings/new",
        [
            new("Title", "西と東の合同ワークショップ"), new("Purpose", "買い物の困りごと"), new("AgendaMarkdown", "## 次第\n- 説明"),
            new("Date", "2030-05-10"), new("StartTime", "13:30"), new("EndTime", "15:30"), new("DeadlineDate", "2030-05-08"), new("DeadlineTime", "17:00"),
            new("VenueName", "東公民館"), new("VenueAddress", ""), new("OnlineUrl", ""), new("AreaId", _areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Capacity", "40"), new("Organizers", "社協"), new("Offered", "SignLanguage"), new("Offered", "Childcare"), new("TopicsAllowed", "true"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var meeting = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<TownMeeting>().SingleAsync());
        Assert.Equal(AccessibilitySupport.SignLanguage | AccessibilitySupport.Childcare, meeting.AccessibilityOffered);
        Assert.True(meeting.TopicsAllowed);
        Assert.Equal(new DateTimeOffset(2030, 5, 10, 4, 30, 0, TimeSpan.Zero), meeting.StartsAt);

        var page = await App.CreateClient().GetDocumentAsync($"/meetings/{meeting.Id}");
        Assert.Equal("西と東の合同ワークショップ", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["SignLanguage", "Childcare"], page.QuerySelectorAll("input[name=Needs]").Select(i => i.GetAttribute("value")));
        Assert.NotNull(page.QuerySelector("textarea[name=Topics]"));
        Assert.Equal("次第", page.QuerySelector(".markdown h2#次第, .markdown h2:not(#agenda-heading)")!.TextContent);
    }

    [Fact]
    public async Task Invalid_meeting_form_is_refused_and_capacity_cannot_drop_below_the_confirmed_people()
    {
        var coordinator = await CoordinatorAsync("east");
        var bad = await PostAsync(coordinator, "/staff/meetings/new", "/staff/meetings/new",
            [new("Title", "x"), new("Date", "2030-05-10"), new("StartTime", "15:00"), new("EndTime", "14:00"), new("DeadlineDate", "2030-05-11"), new("AreaId", _areas["east"].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Capacity", "10")]);
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        var text = (await bad.ReadDocumentAsync()).Body!.TextContent;
        Assert.Contains("終了時刻は開始時刻より後にしてください", text, StringComparison.Ordinal);
        Assert.Contains("会場かオンライン参加のリンク", text, StringComparison.Ordinal);

        var meeting = await App.CreateMeetingAsync(_areas["east"], capacity: 3);
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "三人組", "three@example.jp", 3)).RegisteredAsync();
        var waiting = await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "二人組", "two@example.jp", 2)).RegisteredAsync();
        Assert.Equal(RegistrationStatus.Waitlisted, waiting.Status);
        var edit = await coordinator.GetDocumentAsync($"/staff/meetings/{meeting.Id}/edit");
        var fields = edit.QuerySelectorAll("form input:not([type=checkbox]), form textarea, form select")
            .Where(e => e.GetAttribute("name") is not null and not "__RequestVerificationToken")
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.TagName == "SELECT" ? e.QuerySelector("option[selected]")?.GetAttribute("value") ?? "" : e.TagName == "TEXTAREA" ? e.TextContent : e.GetAttribute("value") ?? ""))
            .ToList();

        var lower = await PostAsync(coordinator, $"/staff/meetings/{meeting.Id}/edit", $"/staff/meetings/{meeting.Id}/edit", [.. fields.Where(f => f.Key != "Capacity"), new("Capacity", "2")]);
        Assert.Equal((HttpStatusCode)422, lower.StatusCode);
        var lowerError = (await lower.ReadDocumentAsync()).QuerySelector(".notice.error")!.TextContent;
        Assert.True(lowerError.Contains("3人", StringComparison.Ordinal), lowerError + string.Join(";", fields));

        // Raising the capacity moves the waiting party up.
        var higher = await PostAsync(coordinator, $"/staff/meetings/{meeting.Id}/edit", $"/staff/meetings/{meeting.Id}/edit", [.. fields.Where(f => f.Key != "Capacity"), new("Capacity", "5")]);
        Assert.Equal(HttpStatusCode.Redirect, higher.StatusCode);
        await App.WithDbAsync(async db =>
            Assert.Equal(RegistrationStatus.Confirmed, await db.Set<MeetingRegistration>().Where(r => r.Email == "two@example.jp").Select(r => r.Status).SingleAsync()));
        await App.Smtp.WaitForMailToAsync("two@example.jp");
    }

    [Fact]
    public async Task Check_in_finds_a_registrant_by_name_and_ticks_them_without_javascript()
    {
        var coordinator = await CoordinatorAsync("east");
        var meeting = await App.CreateMeetingAsync(_areas["east"]);
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "緑川 さくら", "sakura@example.jp", 2)).RegisteredAsync();
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "青木 はると", "haruto@example.jp")).RegisteredAsync();

        var search = await coordinator.GetDocumentAsync($"/staff/meetings/{meeting.Id}/checkin?q=" + Uri.EscapeDataString("さくら"));
        var items = search.QuerySelectorAll(".checkin-list li");
        var item = Assert.Single(items);
        var form = item.QuerySelector("form")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await coordinator.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
            [new("q", "さくら"), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await coordinator.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("受付済み", after.QuerySelector(".checkin-list li")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("来場 2人", after.Body!.TextContent, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var rows = await db.Set<MeetingRegistration>().ToDictionaryAsync(r => r.Name, r => r.CheckedInAt);
            Assert.NotNull(rows["緑川 さくら"]);
            Assert.Null(rows["青木 はると"]);
        });
    }

    [Fact]
    public async Task Topics_sent_in_advance_and_raised_on_the_day_reach_the_inbox_of_that_areas_coordinator_only()
    {
        var coordinator = await CoordinatorAsync("east");
        var west = await App.CreateUserAsync("west@example.jp", "西 コーディネーター");
        await App.GrantAsync(west, Roles.Coordinator, _areas["west"]);
        var westClient = await App.SignedInAsync("west@example.jp");
        var meeting = await App.CreateMeetingAsync(_areas["east-1"]);
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "話す人", "talk@example.jp", extra: new
        {
            name = "話す人", email = "talk@example.jp", topics = new[] { "坂道が多くて買い物に行けない" },
        })).RegisteredAsync();

        var added = await PostAsync(coordinator, $"/staff/meetings/{meeting.Id}/report", $"/staff/meetings/{meeting.Id}/topics", [new("text", "集会所の鍵の管理が大変")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var inbox = await coordinator.GetDocumentAsync("/staff/meetings/topics");
        var rows = inbox.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("坂道が多くて買い物に行けない", StringComparison.Ordinal) && r.Contains("事前", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("集会所の鍵の管理が大変", StringComparison.Ordinal) && r.Contains("当日", StringComparison.Ordinal));
        await App.WithDbAsync(async db => Assert.All(await db.Set<MeetingTopic>().ToListAsync(), t => Assert.Equal(TopicStatus.New, t.Status)));

        var westInbox = await westClient.GetDocumentAsync("/staff/meetings/topics");
        Assert.Empty(westInbox.QuerySelectorAll("tbody tr"));

        var handled = inbox.QuerySelector("tbody tr form")!;
        var response = await coordinator.PostAsync(handled.GetAttribute("action"), new FormUrlEncodedContent(
            [new("__RequestVerificationToken", handled.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single((await coordinator.GetDocumentAsync("/staff/meetings/topics")).QuerySelectorAll("tbody tr"));
    }

    [Fact]
    public async Task Staff_of_another_area_cannot_open_export_or_edit_the_meeting()
    {
        await CoordinatorAsync("east");
        var west = await App.CreateUserAsync("west@example.jp", "西 コーディネーター");
        await App.GrantAsync(west, Roles.Coordinator, _areas["west"]);
        var westClient = await App.SignedInAsync("west@example.jp");
        var meeting = await App.CreateMeetingAsync(_areas["east"]);

        foreach (var url in new[] { $"/staff/meetings/{meeting.Id}", $"/staff/meetings/{meeting.Id}/registrants.csv", $"/staff/meetings/{meeting.Id}/checkin", $"/staff/meetings/{meeting.Id}/edit" })
        {
            var response = await westClient.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQueryOrOriginal(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain((await westClient.GetDocumentAsync("/staff/meetings")).QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/staff/meetings/{meeting.Id}");
        var create = await PostAsync(westClient, "/staff/meetings/new", "/staff/meetings/new",
        [
            new("Title", "越境"), new("Date", "2030-05-10"), new("StartTime", "13:30"), new("EndTime", "15:30"), new("DeadlineDate", "2030-05-08"),
            new("VenueName", "どこか"), new("AreaId", _areas["east"].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Capacity", "10"),
        ]);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Set<TownMeeting>().CountAsync()));
    }

    [Fact]
    public async Task Registrant_list_shows_who_needs_what_and_exports_a_csv_that_spreadsheets_open_safely()
    {
        var coordinator = await CoordinatorAsync("east");
        var meeting = await App.CreateMeetingAsync(_areas["east"]);
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "", "", extra: new
        {
            name = "=HYPERLINK(\"x\")", phone = "0312345678", partySize = 2, accessibilityNeeds = new[] { "signLanguage" },
        })).RegisteredAsync();
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "車 いす子", "", extra: new
        {
            name = "車 いす子", email = "wheel@example.jp", accessibilityNeeds = new[] { "wheelchairSeat" }, forSomeoneElse = true, registeredByName = "車 たろう", relationship = "孫",
        })).RegisteredAsync();

        var page = await coordinator.GetDocumentAsync($"/staff/meetings/{meeting.Id}");
        var needsRow = page.QuerySelectorAll("section[aria-labelledby=needs-heading] tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "車いす席");
        Assert.Contains("車 いす子", needsRow.TextContent, StringComparison.Ordinal);

        var csv = await coordinator.GetAsync($"/staff/meetings/{meeting.Id}/registrants.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("手話通訳", lines[0], StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", lines[1], StringComparison.Ordinal);
        Assert.Contains("孫", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_report_appears_under_past_meetings_and_renders_markdown_inert()
    {
        var coordinator = await CoordinatorAsync("east");
        var meeting = await App.CreateMeetingAsync(_areas["east"], startsIn: TimeSpan.FromDays(-2), deadlineIn: TimeSpan.FromDays(-3), title: "先月の会");
        var response = await PostAsync(coordinator, $"/staff/meetings/{meeting.Id}/report", $"/staff/meetings/{meeting.Id}/report",
            [new("ReportMarkdown", "## ふりかえり\n参加 **25人**。<script>alert(1)</script> [x](javascript:alert(1))"), new("Publish", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var list = await App.CreateClient().GetDocumentAsync("/meetings");
        Assert.Contains(list.QuerySelectorAll("section[aria-labelledby=past-heading] a"), a => a.GetAttribute("href") == $"/meetings/{meeting.Id}");
        var details = await App.CreateClient().GetDocumentAsync($"/meetings/{meeting.Id}");
        var report = details.QuerySelector("section[aria-labelledby=report-heading]")!;
        Assert.Equal("25人", report.QuerySelector("strong")!.TextContent);
        Assert.Null(report.QuerySelector("script"));
        Assert.DoesNotContain(report.QuerySelectorAll("a"), a => a.GetAttribute("href")!.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Staff_create_meetings_through_the_api_only_in_their_area()
    {
        var coordinator = await CoordinatorAsync("east");
        object Body(string area) => new
        {
            title = "API で作った会", date = "2030-06-01", startTime = "10:00", endTime = "12:00", deadlineDate = "2030-05-30",
            onlineUrl = "https://meet.example.jp/abc", areaId = _areas[area], capacity = 20, offered = new[] { "Online" },
        };

        var created = await coordinator.PostAsJsonAsync("/api/v1/meetings", Body("east-2"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var outside = await coordinator.PostAsJsonAsync("/api/v1/meetings", Body("west"));
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        var anonymous = await App.CreateClient().PostAsJsonAsync("/api/v1/meetings", Body("east"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await App.WithDbAsync(async db => Assert.Equal(AccessibilitySupport.Online, (await db.Set<TownMeeting>().SingleAsync()).AccessibilityOffered));
    }

    private async Task<HttpClient> CoordinatorAsync(string area)
    {
        _areas = await App.SeedAreasAsync();
        var user = await App.CreateUserAsync("coordinator@example.jp", "北村 ゆうこ");
        await App.GrantAsync(user, Roles.Coordinator, _areas[area]);
        return await App.SignedInAsync("coordinator@example.jp");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formPage, string action, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetDocumentAsync(formPage);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage}.");
        return await client.PostAsync(action, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }
}

internal static class UriExtensions
{
    public static string PathAndQueryOrOriginal(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
