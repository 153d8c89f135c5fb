using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Tests.Meetings;

public sealed class RegistrationTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Hundred_concurrent_api_registrations_for_thirty_seats_confirm_exactly_thirty_and_waitlist_the_rest()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 30);
        var client = App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            client.RegisterViaApiAsync(meeting.Id, $"参加者{i}", $"person{i}@example.jp")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var statuses = await Task.WhenAll(responses.Select(r => r.RegisteredAsync()));
        Assert.Equal(30, statuses.Count(s => s.Status == RegistrationStatus.Confirmed));
        Assert.Equal(70, statuses.Count(s => s.Status == RegistrationStatus.Waitlisted));
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(30, await db.Set<TownMeeting>().Where(m => m.Id == meeting.Id).Select(m => m.ConfirmedPeople).SingleAsync());
            Assert.Equal(30, await db.Set<MeetingRegistration>().CountAsync(r => r.MeetingId == meeting.Id && r.Status == RegistrationStatus.Confirmed));
            Assert.Equal(100, await db.Set<MeetingRegistration>().CountAsync(r => r.MeetingId == meeting.Id));
        });
    }

    [Fact]
    public async Task A_seat_given_back_while_a_registration_waits_for_the_meeting_lock_goes_to_that_registration()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 1);
        var client = App.CreateClient();
        Assert.Equal(RegistrationStatus.Confirmed, (await (await client.RegisterViaApiAsync(meeting.Id, "先の人", "first@example.jp")).RegisteredAsync()).Status);
        await App.Smtp.WaitForMailToAsync("first@example.jp");

        // A cancellation in flight: it holds the meeting row and has given the seat back, but has not committed yet.
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var cancellation = await connection.BeginTransactionAsync();
        await using (var cancel = new NpgsqlCommand(
            $"""
            SELECT 1 FROM town_meetings WHERE id = {meeting.Id} FOR UPDATE;
            UPDATE meeting_registrations SET status = 'cancelled', cancelled_at = now() WHERE meeting_id = {meeting.Id};
            UPDATE town_meetings SET confirmed_people = 0 WHERE id = {meeting.Id};
            """, connection, cancellation))
        {
            await cancel.ExecuteNonQueryAsync();
        }

        // The meeting still looks full to the next registration, which has to wait for the row…
        var pending = client.RegisterViaApiAsync(meeting.Id, "後の人", "second@example.jp");
        await using (var observer = new NpgsqlConnection(App.ConnectionString))
        {
            // Another session: inside the cancellation's transaction pg_stat_activity would stay the snapshot it first read.
            await observer.OpenAsync();
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", observer);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((long)(await waiting.ExecuteScalarAsync())! == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "The registration never waited for the meeting row.");
                await Task.Delay(20);
            }
        }

        // …and once the cancellation commits, it takes the seat rather than joining a waitlist nobody would promote.
        await cancellation.CommitAsync();
        var second = await (await pending).RegisteredAsync();
        Assert.Equal(RegistrationStatus.Confirmed, second.Status);
        Assert.Contains("参加が確定しています", (await App.Smtp.WaitForMailToAsync("second@example.jp")).TextBody, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
            Assert.Equal(1, await db.Set<TownMeeting>().Where(m => m.Id == meeting.Id).Select(m => m.ConfirmedPeople).SingleAsync()));
    }

    [Fact]
    public async Task Cancelling_promotes_the_waitlist_in_order_and_skips_a_party_that_no_longer_fits_without_dropping_it()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 5);
        var client = App.CreateClient();
        var a = await (await client.RegisterViaApiAsync(meeting.Id, "A", "a@example.jp", 3)).RegisteredAsync();
        var b = await (await client.RegisterViaApiAsync(meeting.Id, "B", "b@example.jp", 2)).RegisteredAsync();
        var c = await (await client.RegisterViaApiAsync(meeting.Id, "C", "c@example.jp", 3)).RegisteredAsync();
        var d = await (await client.RegisterViaApiAsync(meeting.Id, "D", "d@example.jp", 2)).RegisteredAsync();
        var e = await (await client.RegisterViaApiAsync(meeting.Id, "E", "e@example.jp", 1)).RegisteredAsync();
        Assert.Equal([RegistrationStatus.Confirmed, RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted, RegistrationStatus.Waitlisted, RegistrationStatus.Waitlisted],
            new[] { a, b, c, d, e }.Select(x => x.Status));
        await App.Smtp.WaitForAsync(5);
        App.Smtp.Clear();

        // B frees 2 seats: C (3 people) no longer fits and is skipped; D (2) is next and moves up; E waits.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/registrations/{b.CancelToken}")).StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "confirmed", ["B"] = "cancelled", ["C"] = "waitlisted", ["D"] = "confirmed", ["E"] = "waitlisted" }, await StatusesAsync(meeting.Id));
        var promotedD = await App.Smtp.WaitForMailToAsync("d@example.jp");
        Assert.Contains("キャンセル待ちから参加が確定しました", promotedD.Subject, StringComparison.Ordinal);

        // A frees 3 seats: C keeps its place at the head of the queue and is promoted before E.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/registrations/{a.CancelToken}")).StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "cancelled", ["B"] = "cancelled", ["C"] = "confirmed", ["D"] = "confirmed", ["E"] = "waitlisted" }, await StatusesAsync(meeting.Id));
        await App.Smtp.WaitForMailToAsync("c@example.jp");
        await App.WithDbAsync(async db =>
            Assert.Equal(5, await db.Set<TownMeeting>().Where(m => m.Id == meeting.Id).Select(m => m.ConfirmedPeople).SingleAsync()));
        Assert.DoesNotContain(App.Smtp.Received, m => m.To.ToString().Contains("e@example.jp", StringComparison.Ordinal));

        // Cancelling twice is refused without changing anything.
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/registrations/{a.CancelToken}")).StatusCode);
    }

    [Fact]
    public async Task Registration_closes_at_the_deadline()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], deadlineIn: TimeSpan.FromMinutes(-1));
        var client = App.Browser();

        var api = await client.RegisterViaApiAsync(meeting.Id, "遅れた人", "late@example.jp");
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var page = await client.GetDocumentAsync($"/meetings/{meeting.Id}");
        Assert.Null(page.QuerySelector("form[action='/meetings/" + meeting.Id + "']"));
        Assert.Contains("申し込みの受付は終わりました", page.Body!.TextContent, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(0, await db.Set<MeetingRegistration>().CountAsync()));
    }

    [Fact]
    public async Task Form_registration_with_a_need_and_a_topic_mails_a_signed_cancel_link_that_cancels_and_promotes()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 1);
        var client = App.Browser();
        var form = new List<KeyValuePair<string, string>>
        {
            new("Name", "緑川 さくら"), new("Email", "sakura@example.jp"), new("Phone", ""), new("PartySize", "1"),
            new("ForSomeoneElse", "true"), new("RegisteredByName", "緑川 ひろし"), new("Relationship", "息子"),
            new("Needs", "SignLanguage"), new("Needs", "WheelchairSeat"), new("NeedsNote", ""), new("Topics", "バス停にベンチがほしい"),
        };
        var response = await PostFormAsync(client, meeting.Id, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/meetings/registration?token=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var waiting = await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "待つ人", "wait@example.jp")).RegisteredAsync();
        Assert.Equal(RegistrationStatus.Waitlisted, waiting.Status);

        await App.WithDbAsync(async db =>
        {
            var saved = await db.Set<MeetingRegistration>().SingleAsync(r => r.Email == "sakura@example.jp");
            Assert.Equal(AccessibilitySupport.SignLanguage | AccessibilitySupport.WheelchairSeat, saved.Needs);
            Assert.True(saved.ForSomeoneElse);
            Assert.Equal("息子", saved.Relationship);
            Assert.Equal("バス停にベンチがほしい", (await db.Set<MeetingTopic>().SingleAsync()).Text);
        });

        var mail = await App.Smtp.WaitForMailToAsync("sakura@example.jp");
        var link = mail.LinkIn("/meetings/registration");
        var status = await client.GetDocumentAsync(link);
        Assert.Equal("参加が確定しています", status.QuerySelector("h1")!.TextContent);
        Assert.Contains("手話通訳", status.Body!.TextContent, StringComparison.Ordinal);

        // A tampered token is refused with a friendly page, and nothing changes.
        var tampered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];
        var refused = await client.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("このリンクは使えません", (await refused.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var tamperedPost = await client.PostFormAsync(link, "/meetings/registration/cancel", new() { ["token"] = token[..^2] + "xx" });
        Assert.Equal(HttpStatusCode.BadRequest, tamperedPost.StatusCode);

        var cancelled = await client.PostFormAsync(link, "/meetings/registration/cancel", new() { ["token"] = token });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("申し込みを取り消しました", (await cancelled.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        var promoted = await App.Smtp.WaitForMailToAsync("wait@example.jp", TimeSpan.FromSeconds(10));
        Assert.NotNull(promoted);
        await App.WithDbAsync(async db =>
            Assert.Equal(RegistrationStatus.Confirmed, await db.Set<MeetingRegistration>().Where(r => r.Email == "wait@example.jp").Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_expired_cancel_link_is_refused()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"]);
        var registered = await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "期限", "expired@example.jp")).RegisteredAsync();
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-30));
        var oldLinks = new SignedLinks(App.Services.GetRequiredService<IDataProtectionProvider>(), past);
        var key = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<MeetingRegistration>().Where(r => r.Id == registered.Id).Select(r => r.Key).SingleAsync());
        var expired = oldLinks.Create(RegisterForMeeting.CancelPurpose, key.ToString("N"), TimeSpan.FromDays(1));

        var page = await App.Browser().GetAsync("/meetings/registration?token=" + Uri.EscapeDataString(expired));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().DeleteAsync($"/api/v1/registrations/{expired}")).StatusCode);
        await App.WithDbAsync(async db =>
            Assert.Equal(RegistrationStatus.Confirmed, await db.Set<MeetingRegistration>().Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Confirmation_mail_carries_an_ics_file_with_the_meeting_in_Japan_time()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"]);
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "暦", "ics@example.jp")).RegisteredAsync();

        var mail = await App.Smtp.WaitForMailToAsync("ics@example.jp");
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>(), p => p.FileName == "meeting.ics");
        Assert.Equal("text/calendar", attachment.ContentType.MimeType);
        using var stream = new MemoryStream();
        await attachment.Content!.DecodeToAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        var calendar = Calendar.Load(text)!;

        Assert.Contains(calendar.TimeZones, z => z.TzId == "Asia/Tokyo");
        var ev = Assert.Single(calendar.Events);
        Assert.Equal("東地区タウンミーティング", ev.Summary);
        Assert.Equal("東公民館 テスト市東町1-2-3", ev.Location);
        Assert.Equal("Asia/Tokyo", ev.Start!.TzId);
        var expectedStart = TimeZoneInfo.ConvertTime(meeting.StartsAt, JapanTime.Zone);
        Assert.Equal(expectedStart.DateTime.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture),
            ev.Start.Value.ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromHours(2), ev.End!.Value - ev.Start.Value);
        Assert.Contains($"/meetings/{meeting.Id}", ev.Url!.ToString(), StringComparison.Ordinal);

        // The public feed serves the same event.
        var feed = Calendar.Load(await App.CreateClient().GetStringAsync($"/meetings/{meeting.Id}.ics"))!;
        Assert.Equal(ev.Uid, Assert.Single(feed.Events).Uid);
    }

    [Fact]
    public async Task A_double_submit_creates_one_registration()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"]);
        var client = App.Browser();
        var form = new List<KeyValuePair<string, string>> { new("Name", "二度押し"), new("Email", "Twice@Example.jp"), new("PartySize", "2") };

        var first = await PostFormAsync(client, meeting.Id, form);
        var second = await PostFormAsync(client, meeting.Id, [new("Name", "二度押し"), new("Email", "twice@example.jp "), new("PartySize", "2")]);
        var api = await App.CreateClient().RegisterViaApiAsync(meeting.Id, "二度押し", "TWICE@example.jp");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("すでにお申し込みを受け付けています", (await second.ReadDocumentAsync()).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Set<MeetingRegistration>().CountAsync());
            Assert.Equal(2, await db.Set<TownMeeting>().Select(m => m.ConfirmedPeople).SingleAsync());
        });
    }

    [Fact]
    public async Task Ten_identical_registrations_at_once_create_one_and_give_back_the_seats_of_the_others()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 30);
        var client = App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            client.RegisterViaApiAsync(meeting.Id, "同時押し", "same@example.jp", 3)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Set<MeetingRegistration>().CountAsync(r => r.MeetingId == meeting.Id));
            Assert.Equal(3, await db.Set<TownMeeting>().Where(m => m.Id == meeting.Id).Select(m => m.ConfirmedPeople).SingleAsync());
        });
    }

    [Fact]
    public async Task The_meeting_page_is_cached_for_anonymous_visitors_and_shows_the_seats_left_after_a_registration()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 10);
        var client = App.Browser();

        var first = await client.GetAsync($"/meetings/{meeting.Id}");
        var second = await client.GetAsync($"/meetings/{meeting.Id}");
        var html = await second.Content.ReadAsStringAsync();

        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age); // served from the output cache
        Assert.Contains("残り10席", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.False(second.Headers.Contains("Set-Cookie"));

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, meeting.Id, [new("Name", "席の確認"), new("Email", "seat@example.jp"), new("PartySize", "2")])).StatusCode);
        var after = await client.GetAsync($"/meetings/{meeting.Id}");
        Assert.Contains("残り8席", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_posted_from_another_site_is_refused_and_a_signed_in_form_needs_its_token()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"]);
        var fields = new Dictionary<string, string> { ["Name"] = "よその人", ["Email"] = "forged@example.jp", ["PartySize"] = "1" };

        async Task<HttpResponseMessage> PostAsync(HttpClient client, string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{meeting.Id}") { Content = new FormUrlEncodedContent(fields) };
            request.Headers.TryAddWithoutValidation(header, value);
            return await client.SendAsync(request);
        }

        var anonymous = App.Browser();
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(anonymous, "Sec-Fetch-Site", "cross-site")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(anonymous, "Origin", "https://evil.example")).StatusCode);

        await App.CreateUserAsync("member@example.jp");
        var signedIn = await App.SignedInAsync("member@example.jp");
        var page = await signedIn.GetDocumentAsync($"/meetings/{meeting.Id}");
        Assert.NotNull(page.QuerySelector($"form[action='/meetings/{meeting.Id}'] input[name=__RequestVerificationToken]"));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(signedIn, "Sec-Fetch-Site", "same-origin")).StatusCode);
        await App.WithDbAsync(async db => Assert.Equal(0, await db.Set<MeetingRegistration>().CountAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(anonymous, "Sec-Fetch-Site", "same-origin")).StatusCode);
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Set<MeetingRegistration>().CountAsync()));
    }

    [Fact]
    public async Task Bad_input_is_answered_with_a_clear_4xx_and_saves_nothing()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], offered: AccessibilitySupport.Captioning, topicsAllowed: false);
        var api = App.CreateClient();

        var noContact = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/registrations", new { name = "連絡先なし", partySize = 1 });
        Assert.Equal((HttpStatusCode)422, noContact.StatusCode);
        Assert.Contains("どちらかを入力してください", await noContact.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var notOffered = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/registrations", new { name = "a", email = "a@example.jp", accessibilityNeeds = new[] { "signLanguage" } });
        Assert.Equal((HttpStatusCode)422, notOffered.StatusCode);
        var errors = (await notOffered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("accessibilityNeeds", out _));

        var topics = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/registrations", new { name = "a", email = "a@example.jp", topics = new[] { "話題" } });
        Assert.Equal((HttpStatusCode)422, topics.StatusCode);
        var party = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/registrations", new { name = "a", phone = "090-1234-5678", partySize = 11 });
        Assert.Equal((HttpStatusCode)422, party.StatusCode);
        var phone = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/registrations", new { name = "a", phone = "12345" });
        Assert.Equal((HttpStatusCode)422, phone.StatusCode);
        var unknown = await api.RegisterViaApiAsync(999999, "a", "a@example.jp");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var broken = await api.PostAsync($"/api/v1/meetings/{meeting.Id}/registrations", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);

        var page = await PostFormAsync(App.Browser(), meeting.Id, [new("Name", ""), new("Email", "not-an-address"), new("PartySize", "abc")]);
        Assert.Equal((HttpStatusCode)422, page.StatusCode);
        var document = await page.ReadDocumentAsync();
        var summaryLinks = document.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("#Name", summaryLinks);
        Assert.Contains("#PartySize", summaryLinks);
        Assert.Equal("true", document.QuerySelector("#Name")!.GetAttribute("aria-invalid"));

        // Full-width digits and hyphens in a phone number are fine.
        var fullWidth = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/registrations", new { name = "電話の人", phone = "０９０－１２３４－５６７８" });
        Assert.Equal(HttpStatusCode.Created, fullWidth.StatusCode);
        await App.WithDbAsync(async db =>
            Assert.Equal("09012345678", await db.Set<MeetingRegistration>().Select(r => r.Phone).SingleAsync()));
    }

    [Fact]
    public async Task The_public_list_and_api_show_upcoming_meetings_without_personal_data()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 10);
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "秘密 花子", "hanako-secret@example.jp", 3)).RegisteredAsync();

        var list = await App.CreateClient().GetDocumentAsync("/meetings");
        Assert.Contains(list.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/meetings/{meeting.Id}");
        var json = await App.CreateClient().GetStringAsync("/api/v1/meetings");
        var item = JsonDocument.Parse(json).RootElement.GetProperty("items")[0];
        Assert.Equal(7, item.GetProperty("seatsLeft").GetInt32());
        var details = await App.CreateClient().GetStringAsync($"/meetings/{meeting.Id}");
        var home = await App.CreateClient().GetDocumentAsync("/");
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/meetings/{meeting.Id}");
        foreach (var text in new[] { list.Body!.TextContent, json, details })
        {
            Assert.DoesNotContain("秘密", text, StringComparison.Ordinal);
            Assert.DoesNotContain("hanako-secret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_reminder_is_mailed_once_the_day_before()
    {
        var areas = await App.SeedAreasAsync();
        var tomorrowNoon = JapanTime.ToInstant(JapanTime.Today(TimeProvider.System).AddDays(1), new TimeOnly(12, 0));
        var meeting = await App.CreateMeetingAsync(areas["east"], startsIn: tomorrowNoon - DateTimeOffset.UtcNow, deadlineIn: TimeSpan.FromHours(1));
        var later = await App.CreateMeetingAsync(areas["east"], title: "来月の会");
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "明日の人", "tomorrow@example.jp")).RegisteredAsync();
        await (await App.CreateClient().RegisterViaApiAsync(later.Id, "来月の人", "later@example.jp")).RegisteredAsync();
        await App.Smtp.WaitForAsync(2);
        App.Smtp.Clear();

        var reminders = App.Services.GetRequiredService<MeetingReminders>();
        var first = await reminders.RunOnceAsync(CancellationToken.None);
        var second = await reminders.RunOnceAsync(CancellationToken.None);

        // The background service may have claimed it first; either way exactly one reminder goes out, and a second round sends none.
        Assert.InRange(first, 0, 1);
        Assert.Equal(0, second);
        var mail = await App.Smtp.WaitForMailToAsync("tomorrow@example.jp");
        Assert.Contains("明日はタウンミーティングの日です", mail.Subject, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(App.Smtp.Received);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, int meetingId, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetDocumentAsync($"/meetings/{meetingId}");
        var form = page.QuerySelector($"form[action='/meetings/{meetingId}']") ?? throw new InvalidOperationException("No registration form.");
        // Every posted field must exist in the real form, so a renamed input cannot go unnoticed.
        foreach (var name in fields.Select(f => f.Key).Distinct())
        {
            Assert.NotNull(form.QuerySelector($"[name='{name}']"));
        }

        // Anonymous visitors get no antiforgery token on this form (SignedInAntiforgeryAttribute); signed-in ones do.
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        return await client.PostAsync($"/meetings/{meetingId}", new FormUrlEncodedContent(token is null ? fields : [.. fields, new("__RequestVerificationToken", token)]));
    }

    private Task<Dictionary<string, string>> StatusesAsync(int meetingId) => App.WithScopeAsync(async sp =>
        await sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<MeetingRegistration>()
            .Where(r => r.MeetingId == meetingId).ToDictionaryAsync(r => r.Name, r => r.Status));
}
