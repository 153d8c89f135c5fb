using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Tests.Meetings;
using Tsunagari.Tests.Volunteering;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Email;

namespace Tsunagari.Tests.Site;

/// <summary>Two app instances on one database behave as one (quality.md, reliability).</summary>
public sealed class TwoInstanceTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task A_sign_in_on_one_instance_is_honoured_by_another()
    {
        await App.CreateUserAsync("hop@example.jp", "渡り 鳥");
        var first = await App.SignedInAsync("hop@example.jp");
        var cookie = (await first.GetAsync("/account")).RequestMessage!.Headers.GetValues("Cookie").Single();

        await using var second = App.WithWebHostBuilder(_ => { });
        var other = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account");
        request.Headers.Add("Cookie", cookie);
        var response = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("渡り 鳥さんのページ", (await response.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task With_two_dispatchers_on_one_database_every_mail_is_sent_exactly_once()
    {
        await using var second = App.WithWebHostBuilder(_ => { });
        _ = second.Services; // start the second instance and its dispatcher
        await App.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<MailOutbox>();
            for (var i = 0; i < 60; i++)
            {
                outbox.Enqueue($"many{i}@example.jp", null, $"通知 {i}", "本文");
            }

            await sp.GetRequiredService<TsunagariDbContext>().SaveChangesAsync();
            return true;
        });

        await App.Smtp.WaitForAsync(60);
        await Task.Delay(1500); // further rounds on both instances must find nothing to resend
        Assert.Equal(60, App.Smtp.Received.Count);
        Assert.Equal(60, App.Smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_meeting_registrations_split_across_two_instances_never_exceed_capacity()
    {
        var areas = await App.SeedAreasAsync();
        var meeting = await App.CreateMeetingAsync(areas["east"], capacity: 10);
        await using var second = App.WithWebHostBuilder(_ => { });

        var results = await RaceAsync(second, i => ($"/api/v1/meetings/{meeting.Id}/registrations",
            JsonContent.Create(new { name = $"参加者{i}", email = $"race{i}@example.jp", partySize = 1 })));

        Assert.Equal(60, results.Count(r => r.Code == HttpStatusCode.Created));
        Assert.Equal(10, results.Count(r => r.Status == "confirmed"));
        Assert.Equal(50, results.Count(r => r.Status == "waitlisted"));
        await App.WithDbAsync(async db =>
        {
            var stored = await db.Set<TownMeeting>().AsNoTracking().SingleAsync(m => m.Id == meeting.Id);
            Assert.Equal(10, stored.ConfirmedPeople);
            Assert.Equal(10, await db.Set<MeetingRegistration>().CountAsync(r => r.MeetingId == meeting.Id && r.Status == RegistrationStatus.Confirmed));
            Assert.Equal(60, await db.Set<MeetingRegistration>().CountAsync(r => r.MeetingId == meeting.Id));
        });
    }

    [Fact]
    public async Task Concurrent_shift_signups_split_across_two_instances_never_exceed_the_slots()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east"], slots: 8);
        await using var second = App.WithWebHostBuilder(_ => { });

        var results = await RaceAsync(second, i => ($"/api/v1/shifts/{shiftId}/signups",
            JsonContent.Create(new { name = $"ボランティア{i}", email = $"shift{i}@example.jp" })));

        Assert.Equal(60, results.Count(r => r.Code == HttpStatusCode.Created));
        Assert.Equal(8, results.Count(r => r.Status == "confirmed"));
        Assert.Equal(52, results.Count(r => r.Status == "waitlisted"));
        await App.WithDbAsync(async db =>
        {
            var shift = await db.Set<Shift>().AsNoTracking().SingleAsync(s => s.Id == shiftId);
            Assert.Equal(8, shift.ConfirmedCount);
            Assert.Equal(8, await db.Set<ShiftSignup>().CountAsync(s => s.ShiftId == shiftId && s.Status == SignupStatus.Confirmed));
            Assert.Equal(60, await db.Set<ShiftSignup>().CountAsync(s => s.ShiftId == shiftId));
        });
    }

    /// <summary>60 POSTs released at once, alternating between this instance and <paramref name="second"/>.</summary>
    private async Task<(HttpStatusCode Code, string? Status)[]> RaceAsync(
        Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> second, Func<int, (string Url, HttpContent Body)> request)
    {
        HttpClient[] clients = [App.CreateClient(), second.CreateClient()];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 60).Select(async i =>
        {
            var (url, body) = request(i);
            await start.Task;
            using var response = await clients[i % 2].PostAsync(url, body);
            var status = response.StatusCode == HttpStatusCode.Created
                ? (await response.Content.ReadFromJsonAsync<StatusOnly>())?.Status
                : await response.Content.ReadAsStringAsync();
            return (response.StatusCode, status);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private sealed record StatusOnly(string Status);
}
