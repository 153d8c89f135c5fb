using System.Net;
using System.Text;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Infrastructure.Auth;
using static Tsunagari.Tests.Salons.SalonTestData;

namespace Tsunagari.Tests.Salons;

public sealed class SalonPublicTests(TsunagariApp app) : AppTest(app)
{
    private async Task CancelAsync(int salonId, DateOnly date, string reason) =>
        await App.WithDbAsync(db => db.Set<SalonSession>().Where(s => s.SalonId == salonId && s.Date == date)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsCancelled, true).SetProperty(x => x.CancelReason, reason)));

    [Fact]
    public async Task A_cancellation_by_the_organizer_shows_at_once_on_the_cached_calendar_with_its_reason()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var salonId = await App.CreateSalonAsync(areas["east-1"], organizer.Id);
        var anonymous = App.Browser();
        var url = $"/salons?area={areas["east"]}&month={Month(NextMonth)}&view=list";
        var before = await anonymous.GetDocumentAsync(url);
        Assert.Empty(before.QuerySelectorAll("li.cancelled"));

        var date = Iso(Wednesdays(NextMonth)[0]);
        var staff = await App.SignedInAsync("organizer@example.jp");
        var posted = await staff.PostFormAsync($"/staff/salons/{salonId}/sessions/{date}/cancel", $"/staff/salons/{salonId}/sessions/{date}/cancel", new() { ["Reason"] = "今月はお休みです" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var after = await anonymous.GetDocumentAsync(url);
        var cancelled = Assert.Single(after.QuerySelectorAll("li.cancelled"));
        Assert.Contains("お休み", cancelled.QuerySelector(".cancelled-mark")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("今月はお休みです", cancelled.TextContent, StringComparison.Ordinal);
        Assert.Equal($"day-{date}", cancelled.Closest("section")!.GetAttribute("aria-labelledby"));
    }

    [Fact]
    public async Task The_calendar_filters_by_area_subtree_and_audience_and_never_shows_private_salons()
    {
        var areas = await App.SeedAreasAsync();
        await App.CreateSalonAsync(areas["east-1"], name: "東の体操");
        await App.CreateSalonAsync(areas["east-2"], name: "東の子育て", configure: s => s.ForWhom = SalonAudiences.Parents);
        await App.CreateSalonAsync(areas["west-1"], name: "西の体操");
        await App.CreateSalonAsync(areas["east-1"], name: "非公開の会", configure: s => s.IsPublic = false);

        static string Sorted(params string[] names) => string.Join(",", names.Order(StringComparer.Ordinal));
        string Names(AngleSharp.Html.Dom.IHtmlDocument page) => string.Join(",", page.QuerySelectorAll("table.salon-calendar a").Select(a => a.TextContent).Distinct().Order(StringComparer.Ordinal));
        var client = App.Browser();
        Assert.Equal(Sorted("東の子育て", "東の体操"), Names(await client.GetDocumentAsync($"/salons?area={areas["east"]}&month={Month(NextMonth)}")));
        Assert.Equal("東の子育て", Names(await client.GetDocumentAsync($"/salons?area={areas["east"]}&for=parents&month={Month(NextMonth)}")));
        Assert.Equal(Sorted("東の子育て", "東の体操", "西の体操"), Names(await client.GetDocumentAsync($"/salons?month={Month(NextMonth)}")));
    }

    [Fact]
    public async Task Bad_filters_get_a_Japanese_message_and_400_and_an_unknown_area_404()
    {
        var client = App.Browser();
        var badMonth = await client.GetAsync("/salons?month=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Contains("2026-12 のように", (await badMonth.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/salons?month=1999-12")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/salons?for=%3Cscript%3E")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/salons?area=987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/salons/987654")).StatusCode);
    }

    [Fact]
    public async Task The_print_sheet_has_no_navigation_large_type_css_and_marks_cancelled_sessions()
    {
        var areas = await App.SeedAreasAsync();
        var salonId = await App.CreateSalonAsync(areas["east-1"]);
        await CancelAsync(salonId, Wednesdays(NextMonth)[1], "会場の都合");

        var page = await App.Browser().GetDocumentAsync($"/salons/print?area={areas["east"]}&month={Month(NextMonth)}");

        Assert.Empty(page.QuerySelectorAll("nav"));
        Assert.Contains(page.QuerySelectorAll("link[rel=stylesheet]"), l => l.GetAttribute("href")!.StartsWith("/css/salons-print.css", StringComparison.Ordinal));
        Assert.Contains("東圏域", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Wednesdays(NextMonth).Count, page.QuerySelectorAll("tbody tr").Length);
        var cancelled = Assert.Single(page.QuerySelectorAll("tbody tr.cancelled"));
        Assert.Contains("会場の都合", cancelled.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_salon_page_lists_its_next_sessions_without_the_organizers_name()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp", "世話人 花子");
        var salonId = await App.CreateSalonAsync(areas["east-1"], organizer.Id, configure: s => s.HostName = "東ふれあいの会");

        var page = await App.Browser().GetDocumentAsync($"/salons/{salonId}");

        Assert.Equal("水曜サロン", page.QuerySelector("h1")!.TextContent);
        Assert.NotEmpty(page.QuerySelectorAll(".next-sessions li"));
        Assert.Contains("東ふれあいの会", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("花子", page.Body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("organizer@example.jp", page.Body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_salon_feed_parses_with_IcalNet_and_round_trips_every_session_in_Tokyo_time()
    {
        var areas = await App.SeedAreasAsync();
        var salonId = await App.CreateSalonAsync(areas["east-1"]);
        var cancelledDate = Wednesdays(NextMonth)[0];
        await CancelAsync(salonId, cancelledDate, "今月はお休み");

        var response = await App.Browser().GetAsync($"/salons/{salonId}.ics");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("Asia/Tokyo", Assert.Single(calendar.TimeZones).TzId);
        var expected = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>()
            .Set<SalonSession>().Where(s => s.SalonId == salonId).OrderBy(s => s.Date).ToListAsync());
        var events = calendar.Events.OrderBy(e => e.DtStart!.Value).ToList();
        Assert.Equal(expected.Count, events.Count);
        foreach (var (session, e) in expected.Zip(events))
        {
            Assert.Equal("Asia/Tokyo", e.DtStart!.TzId);
            Assert.Equal(JapanTime.ToInstant(session.Date, session.StartTime).UtcDateTime, e.DtStart.AsUtc);
            Assert.Equal(JapanTime.ToInstant(session.Date, session.EndTime).UtcDateTime, e.DtEnd!.AsUtc);
            Assert.Equal(session.IsCancelled ? "CANCELLED" : "CONFIRMED", e.Status);
            Assert.Equal("東集会所（テスト市東町1）", e.Location);
        }

        Assert.Contains("今月はお休み", events.Single(e => e.Status == "CANCELLED").Description, StringComparison.Ordinal);
        Assert.Equal(events.Count, events.Select(e => e.Uid).Distinct().Count());
    }

    [Fact]
    public async Task The_area_feed_holds_the_salons_of_the_area_subtree_only()
    {
        var areas = await App.SeedAreasAsync();
        await App.CreateSalonAsync(areas["east-1"], name: "東のサロン");
        await App.CreateSalonAsync(areas["west-1"], name: "西のサロン");

        var text = await App.Browser().GetStringAsync($"/salons/calendar.ics?area={areas["east"]}");
        var summaries = Ical.Net.Calendar.Load(text)!.Events.Select(e => e.Summary).Distinct().ToList();

        Assert.Equal(["東のサロン"], summaries);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync("/salons/calendar.ics?area=987654")).StatusCode);
    }

    [Fact]
    public async Task Events_csv_has_the_standard_columns_with_BOM_and_CRLF_and_only_public_sessions_that_take_place()
    {
        var areas = await App.SeedAreasAsync();
        var salonId = await App.CreateSalonAsync(areas["east-1"], name: "東のサロン", configure: s => s.Capacity = 20);
        await App.CreateSalonAsync(areas["east-1"], name: "内輪の会", configure: s => s.IsPublic = false);
        await CancelAsync(salonId, Wednesdays(NextMonth)[0], "お休み");

        var bytes = await App.Browser().GetByteArrayAsync("/opendata/events.csv");

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Equal(string.Join(",", EventsCsv.Columns), lines[0]);
        Assert.StartsWith("全国地方公共団体コード,ID,地方公共団体名,イベント名,", lines[0], StringComparison.Ordinal);
        var expected = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>()
            .Set<SalonSession>().CountAsync(s => s.SalonId == salonId && !s.IsCancelled && s.Date <= Today.AddDays(90)));
        Assert.Equal(expected, lines.Length - 1);
        Assert.All(lines.Skip(1), line =>
        {
            Assert.Contains("東のサロン", line, StringComparison.Ordinal);
            Assert.Contains("テスト県テスト市", line, StringComparison.Ordinal);
            Assert.Equal(EventsCsv.Columns.Length, line.Split(',').Length);
        });
        Assert.DoesNotContain("内輪の会", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Iso(Wednesdays(NextMonth)[0]) + "," + Iso(Wednesdays(NextMonth)[0]), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sessions_api_validates_the_range_and_hides_private_salons()
    {
        var areas = await App.SeedAreasAsync();
        var salonId = await App.CreateSalonAsync(areas["east-1"]);
        var hidden = await App.CreateSalonAsync(areas["east-1"], configure: s => s.IsPublic = false);
        await CancelAsync(salonId, Wednesdays(NextMonth)[0], "お休み");
        var client = App.Browser();
        var (from, to) = (Iso(NextMonth), Iso(NextMonth.AddMonths(1).AddDays(-1)));

        var ok = await client.GetFromJsonAsync<List<SessionResponse>>($"/api/v1/salons/{salonId}/sessions?from={from}&to={to}");
        Assert.NotNull(ok);
        Assert.Equal(Wednesdays(NextMonth), ok.Select(s => s.Date).ToList());
        Assert.Equal("cancelled", ok![0].Status);
        Assert.Equal(TimeSpan.FromHours(9), ok[0].StartsAt.Offset);

        foreach (var bad in new[] { $"from={to}&to={from}", "from=yesterday", $"from={from}&to={Iso(NextMonth.AddDays(400))}", "from=1999-01-01&to=1999-01-02" })
        {
            var response = await client.GetAsync($"/api/v1/salons/{salonId}/sessions?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/salons/{hidden}/sessions")).StatusCode);
        var list = await client.GetFromJsonAsync<Tsunagari.Web.Features.Api.Paged<SalonResponse>>($"/api/v1/salons?area={areas["east"]}");
        Assert.Equal([salonId], list!.Items.Select(s => s.Id).ToList());
    }
}
