using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;
using Tsunagari.Web.Infrastructure.Auth;
using static Tsunagari.Tests.Salons.SalonTestData;

namespace Tsunagari.Tests.Salons;

public sealed class SalonStaffTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Organizer_creates_a_weekly_salon_once_even_when_the_form_is_sent_twice_and_residents_see_its_dates()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var client = await App.SignedInAsync("organizer@example.jp");
        var form = await client.GetDocumentAsync("/staff/salons/new");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("SubmissionId", form.QuerySelector("input[name=SubmissionId]")!.GetAttribute("value")!),
            new("Name", "ひがし水曜サロン"), new("AreaId", areas["east-1"].ToString(CultureInfo.InvariantCulture)),
            new("VenueName", "東集会所"), new("ForWhom", SalonAudiences.Seniors), new("ScheduleKind", nameof(ScheduleKind.Weekly)),
            new("Weekdays", "3"), new("StartTime", "10:00"), new("EndTime", "12:00"), new("StartDate", Iso(Today)),
            new("HolidayRule", nameof(HolidayRule.Hold)), new("IsPublic", "true"), new("IsPublic", "false"),
        };

        var first = await client.PostAsync("/staff/salons/new", new FormUrlEncodedContent(fields));
        var second = await client.PostAsync("/staff/salons/new", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Set<Salon>().CountAsync()));
        var calendar = await App.Browser().GetDocumentAsync($"/salons?area={areas["east"]}&month={Month(NextMonth)}");
        var table = calendar.QuerySelector("table.salon-calendar")!;
        Assert.Contains("東圏域", table.QuerySelector("caption")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(7, table.QuerySelectorAll("thead th[scope=col]").Length);
        Assert.Equal(Wednesdays(NextMonth).Count, table.QuerySelectorAll("li").Count(li => li.TextContent.Contains("ひがし水曜サロン", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_schedule_change_keeps_cancelled_and_rescheduled_sessions_and_adds_the_new_days()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var salonId = await App.CreateSalonAsync(areas["east-1"], organizer.Id);
        var (cancelled, moved, plain) = (Wednesdays(NextMonth)[0], Wednesdays(NextMonth)[1], Wednesdays(NextMonth)[2]);
        var me = Principal(organizer.Id);

        await App.WithScopeAsync(async sp =>
        {
            var sessions = sp.GetRequiredService<ChangeSession>();
            Assert.Equal(ChangeSession.Result.Saved, await sessions.CancelAsync(me, salonId, cancelled, new CancelSessionForm { Reason = "今月はお休み" }, CancellationToken.None));
            Assert.Equal(ChangeSession.Result.Saved, await sessions.ChangeAsync(me, salonId, moved, new ChangeSessionForm { StartTime = new(13, 0), EndTime = new(15, 0), VenueName = "東公民館" }, CancellationToken.None));
            return true;
        });
        var result = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TsunagariDbContext>();
            var form = SalonForm.From(await db.Set<Salon>().AsNoTracking().SingleAsync(s => s.Id == salonId));
            form.Weekdays = [(int)DayOfWeek.Wednesday, (int)DayOfWeek.Friday];
            (form.StartTime, form.EndTime) = (new TimeOnly(9, 30), new TimeOnly(11, 30));
            return await sp.GetRequiredService<SaveSalon>().HandleAsync(me, salonId, form, CancellationToken.None);
        });

        Assert.IsType<SaveSalon.Result.Saved>(result);
        await App.WithDbAsync(async db =>
        {
            var sessions = await db.Set<SalonSession>().Where(s => s.SalonId == salonId).ToDictionaryAsync(s => s.Date);
            Assert.True(sessions[cancelled].IsCancelled);
            Assert.Equal("今月はお休み", sessions[cancelled].CancelReason);
            Assert.Equal((new TimeOnly(13, 0), "東公民館"), (sessions[moved].StartTime, sessions[moved].VenueName));
            Assert.Equal(new TimeOnly(9, 30), sessions[plain].StartTime);
            Assert.Contains(sessions.Keys, d => d.DayOfWeek == DayOfWeek.Friday && d > NextMonth);
            Assert.Equal(1, sessions.Values.Count(s => s.Date == plain));
        });
    }

    [Fact]
    public async Task Dropping_a_weekday_removes_its_future_sessions_but_never_ones_with_attendance()
    {
        var areas = await App.SeedAreasAsync();
        var coordinator = await App.CreateUserAsync("sc@example.jp");
        await App.GrantAsync(coordinator, Roles.Coordinator, areas["east"]);
        var salonId = await App.CreateSalonAsync(areas["east"], configure: s => s.Weekdays = [.. Enumerable.Range(0, 7)]);
        var me = Principal(coordinator.Id);
        await App.WithScopeAsync(async sp => await sp.GetRequiredService<ChangeSession>()
            .RecordAttendanceAsync(me, salonId, Today, new AttendanceForm { Total = 12, Under65 = 2, Aged65To74 = 4, Aged75Plus = 6 }, CancellationToken.None));

        var onlyOtherDay = (int)Today.AddDays(1).DayOfWeek;
        await App.WithScopeAsync(async sp =>
        {
            var form = SalonForm.From(await sp.GetRequiredService<TsunagariDbContext>().Set<Salon>().AsNoTracking().SingleAsync(s => s.Id == salonId));
            form.Weekdays = [onlyOtherDay];
            return await sp.GetRequiredService<SaveSalon>().HandleAsync(me, salonId, form, CancellationToken.None);
        });

        await App.WithDbAsync(async db =>
        {
            var dates = await db.Set<SalonSession>().Where(s => s.SalonId == salonId).Select(s => s.Date).ToListAsync();
            Assert.Contains(Today, dates);
            Assert.All(dates.Where(d => d != Today), d => Assert.Equal(onlyOtherDay, (int)d.DayOfWeek));
        });
    }

    [Fact]
    public async Task Organizers_keep_only_their_own_salons_and_coordinators_only_those_in_their_area()
    {
        var areas = await App.SeedAreasAsync();
        var owner = await App.CreateUserAsync("owner@example.jp");
        var neighbour = await App.CreateUserAsync("neighbour@example.jp");
        var east = await App.CreateUserAsync("east-sc@example.jp");
        var west = await App.CreateUserAsync("west-sc@example.jp");
        await App.GrantAsync(owner, Roles.Organizer, areas["east"]);
        await App.GrantAsync(neighbour, Roles.Organizer, areas["east"]);
        await App.GrantAsync(east, Roles.Coordinator, areas["east"]);
        await App.GrantAsync(west, Roles.Coordinator, areas["west"]);
        var salonId = await App.CreateSalonAsync(areas["east-1"], owner.Id);
        var date = Iso(Wednesdays(NextMonth)[0]);

        async Task<HttpStatusCode> CancelAs(string email)
        {
            var client = await App.SignedInAsync(email);
            var page = await client.GetAsync($"/staff/salons/{salonId}/sessions/{date}/cancel");
            if (page.StatusCode != HttpStatusCode.OK)
            {
                return page.StatusCode;
            }

            return (await client.PostFormAsync($"/staff/salons/{salonId}/sessions/{date}/cancel", $"/staff/salons/{salonId}/sessions/{date}/cancel", new() { ["Reason"] = "お休み" })).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Redirect, await CancelAs("owner@example.jp"));
        Assert.Equal(HttpStatusCode.Redirect, await CancelAs("east-sc@example.jp"));
        var refused = await (await App.SignedInAsync("neighbour@example.jp")).GetAsync($"/staff/salons/{salonId}/edit");
        Assert.Equal("/account/denied", PathOf(refused));
        refused = await (await App.SignedInAsync("west-sc@example.jp")).GetAsync($"/staff/salons/{salonId}/sessions/{date}/cancel");
        Assert.Equal("/account/denied", PathOf(refused));
        var westList = await (await App.SignedInAsync("west-sc@example.jp")).GetDocumentAsync("/staff/salons");
        Assert.DoesNotContain("水曜サロン", westList.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    private static string PathOf(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath;

    [Fact]
    public async Task An_organizer_cannot_put_a_salon_in_an_area_outside_their_grant()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var client = await App.SignedInAsync("organizer@example.jp");

        var response = await client.PostFormAsync("/staff/salons/new", "/staff/salons/new", new()
        {
            ["Name"] = "西のサロン", ["AreaId"] = areas["west"].ToString(CultureInfo.InvariantCulture), ["VenueName"] = "西集会所",
            ["ScheduleKind"] = nameof(ScheduleKind.Weekly), ["Weekdays"] = "1", ["StartTime"] = "10:00", ["EndTime"] = "11:00",
            ["StartDate"] = Iso(Today), ["HolidayRule"] = nameof(HolidayRule.Skip), ["ForWhom"] = SalonAudiences.Everyone,
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await App.WithDbAsync(async db => Assert.False(await db.Set<Salon>().AnyAsync()));
    }

    [Fact]
    public async Task A_form_with_mistakes_is_answered_with_Japanese_messages_linked_to_the_fields_and_nothing_is_saved()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var client = await App.SignedInAsync("organizer@example.jp");

        var response = await client.PostFormAsync("/staff/salons/new", "/staff/salons/new", new()
        {
            ["Name"] = "<script>alert(1)</script>", ["AreaId"] = areas["east"].ToString(CultureInfo.InvariantCulture), ["VenueName"] = "会場",
            ["ScheduleKind"] = nameof(ScheduleKind.MonthlyByWeekday), ["Weekdays"] = "2", ["StartTime"] = "12:00", ["EndTime"] = "10:00",
            ["StartDate"] = Iso(Today), ["ExtraDates"] = "2026-02-30", ["HolidayRule"] = nameof(HolidayRule.Skip), ["ForWhom"] = SalonAudiences.Everyone,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var links = page.QuerySelectorAll(".notice.error a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("#WeekOrdinals", links);
        Assert.Contains("#EndTime", links);
        Assert.Contains("#ExtraDates", links);
        Assert.Contains("終了時刻は開始時刻より後", page.QuerySelector(".notice.error")!.TextContent, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.False(await db.Set<Salon>().AnyAsync()));
    }

    [Fact]
    public async Task Attendance_by_age_band_must_add_up_and_is_recorded_through_the_staff_api()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var salonId = await App.CreateSalonAsync(areas["east"], organizer.Id, configure: s => s.Weekdays = [.. Enumerable.Range(0, 7)]);
        var client = await App.SignedInAsync("organizer@example.jp");
        var url = $"/api/v1/staff/salons/{salonId}/sessions/{Iso(Today)}/attendance";

        var wrong = await client.PostAsJsonAsync(url, new { total = 10, under65 = 1, aged65To74 = 2, aged75Plus = 3 });
        var future = await client.PostAsJsonAsync($"/api/v1/staff/salons/{salonId}/sessions/{Iso(Today.AddDays(1))}/attendance", new { total = 3 });
        var right = await client.PostAsJsonAsync(url, new { total = 10, under65 = 1, aged65To74 = 3, aged75Plus = 6 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var session = await db.Set<SalonSession>().SingleAsync(s => s.SalonId == salonId && s.Date == Today);
            Assert.Equal((10, 1, 3, 6), (session.Attendance, session.AttendanceUnder65, session.Attendance65To74, session.Attendance75Plus));
            // The database holds the rule too.
            session.Attendance75Plus = 7;
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });
    }
}

public sealed class SalonApiAndDemoTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Staff_create_a_salon_through_the_api_once_per_submission_and_get_422_with_field_errors_for_a_bad_schedule()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east"]);
        var client = await App.SignedInAsync("organizer@example.jp");
        var submission = Guid.NewGuid();
        object Body(int[] weekdays) => new
        {
            submissionId = submission, areaId = areas["east"], name = "API サロン", venueName = "東集会所", forWhom = "everyone",
            scheduleKind = (int)ScheduleKind.Weekly, weekdays, startTime = "10:00:00", endTime = "11:30:00", startDate = Iso(Today),
            holidayRule = (int)HolidayRule.Skip, isPublic = true,
        };

        var bad = await client.PostAsJsonAsync("/api/v1/staff/salons", Body([]));
        var first = await client.PostAsJsonAsync("/api/v1/staff/salons", Body([1]));
        var retried = await client.PostAsJsonAsync("/api/v1/staff/salons", Body([1]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Weekdays", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(first.Headers.Location, retried.Headers.Location);
        var horizon = await App.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<SalonSessionPlanner>().Horizon));
        var expected = Recurrence.Occurrences(
            new SalonSchedule(ScheduleKind.Weekly, Today, Weekdays: [DayOfWeek.Monday], HolidayRule: HolidayRule.Skip), Today, horizon, JapaneseHolidays.Instance);
        await App.WithDbAsync(async db =>
        {
            var salon = await db.Set<Salon>().SingleAsync();
            var dates = await db.Set<SalonSession>().Where(s => s.SalonId == salon.Id).OrderBy(s => s.Date).Select(s => s.Date).ToListAsync();
            Assert.Equal(expected, dates);
            Assert.DoesNotContain(dates, JapaneseHolidays.Instance.IsHoliday);
        });
    }

    [Fact]
    public async Task Demo_data_adds_a_handful_of_salons_once_with_a_cancelled_session()
    {
        await App.WithScopeAsync(async sp =>
        {
            var demo = sp.GetRequiredService<DemoData>();
            await demo.EnsureAsync(CancellationToken.None);
            await demo.EnsureAsync(CancellationToken.None);
            return true;
        });

        await App.WithDbAsync(async db =>
        {
            Assert.Equal(5, await db.Set<Salon>().CountAsync());
            Assert.Equal(1, await db.Set<SalonSession>().CountAsync(s => s.IsCancelled));
            Assert.Equal(5, await db.Set<SalonSession>().Select(s => s.SalonId).Distinct().CountAsync());
        });
    }
}
