using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Volunteering;

namespace Tsunagari.Tests.Volunteering;

public sealed class SignupCapacityTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Two_hundred_parallel_signups_for_ten_slots_confirm_ten_and_waitlist_the_rest_and_a_cancellation_promotes_exactly_one_with_one_mail()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"], slots: 10);
        var client = App.CreateClient();
        // The requests queue on one row lock by design; on a loaded shared machine that can take a while.
        client.Timeout = TimeSpan.FromMinutes(5);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.PostAsJsonAsync($"/api/v1/shifts/{shiftId}/signups", new { name = $"ボランティア{i}", phone = $"0901234{i:D4}" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<ShiftSignupResponse>()));
        Assert.Equal(10, bodies.Count(b => b!.Status == SignupStatus.Confirmed));
        Assert.Equal(190, bodies.Count(b => b!.Status == SignupStatus.Waitlisted));
        Assert.Equal(Enumerable.Range(1, 190), bodies.Where(b => b!.Status == SignupStatus.Waitlisted).Select(b => b!.WaitlistPosition!.Value).Order());
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(10, await db.Set<Shift>().Where(s => s.Id == shiftId).Select(s => s.ConfirmedCount).SingleAsync());
            Assert.Equal(10, await db.Set<ShiftSignup>().CountAsync(s => s.ShiftId == shiftId && s.Status == SignupStatus.Confirmed));
            Assert.Equal(190, await db.Set<ShiftSignup>().CountAsync(s => s.ShiftId == shiftId && s.Status == SignupStatus.Waitlisted));
        });

        // The first waiter has an e-mail address, so the promotion can be mailed.
        Guid firstWaiter = Guid.Empty;
        await App.WithDbAsync(async db =>
        {
            var first = await db.Set<ShiftSignup>().Where(s => s.ShiftId == shiftId && s.Status == SignupStatus.Waitlisted).OrderBy(s => s.WaitlistPosition).FirstAsync();
            first.Email = "first-waiter@example.jp";
            firstWaiter = first.Id;
            await db.SaveChangesAsync();
        });
        App.Smtp.Clear();
        var cancelToken = bodies.First(b => b!.Status == SignupStatus.Confirmed)!.CancelToken!;
        var browser = App.Browser();
        var cancelled = await browser.PostFormAsync($"/volunteer/signups/cancel?token={Uri.EscapeDataString(cancelToken)}", "/volunteer/signups/cancel", new() { ["token"] = cancelToken });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        await App.WithDbAsync(async db =>
        {
            var promoted = await db.Set<ShiftSignup>().Where(s => s.ShiftId == shiftId && s.PromotedAt != null).ToListAsync();
            Assert.Equal(firstWaiter, Assert.Single(promoted).Id);
            Assert.Equal(10, await db.Set<Shift>().Where(s => s.Id == shiftId).Select(s => s.ConfirmedCount).SingleAsync());
            Assert.Equal(189, await db.Set<ShiftSignup>().CountAsync(s => s.ShiftId == shiftId && s.Status == SignupStatus.Waitlisted));
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Subject.StartsWith("【つながり】参加が決まりました")));
        });
        var mail = Assert.Single(await App.Smtp.WaitForAsync(1));
        Assert.Equal("first-waiter@example.jp", mail.To.Mailboxes.Single().Address);
        Assert.StartsWith("【つながり】参加が決まりました", mail.Subject, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(App.Smtp.Received);
    }

    [Fact]
    public async Task The_database_refuses_more_confirmed_signups_than_slots()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"], slots: 1);
        await App.WithDbAsync(async db =>
        {
            var shift = await db.Set<Shift>().SingleAsync(s => s.Id == shiftId);
            shift.ConfirmedCount = 2;
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });
    }

    [Fact]
    public async Task Signing_up_twice_with_the_same_address_keeps_one_signup()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"]);
        var client = App.CreateClient();

        var first = await client.PostAsJsonAsync($"/api/v1/shifts/{shiftId}/signups", new { name = "山田", email = "Yamada@Example.jp" });
        var second = await client.PostAsJsonAsync($"/api/v1/shifts/{shiftId}/signups", new { name = "山田", email = " yamada@example.jp " });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await second.Content.ReadFromJsonAsync<ShiftSignupResponse>();
        Assert.Null(again!.CancelToken);
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Set<ShiftSignup>().CountAsync(s => s.ShiftId == shiftId)));
    }

    [Fact]
    public async Task Bad_signup_input_gets_a_problem_and_saves_nothing()
    {
        var areas = await App.SeedAreasAsync();
        var (_, shiftId) = await App.OpportunityAsync(areas["east-1"]);
        var client = App.CreateClient();

        var noContact = await client.PostAsJsonAsync($"/api/v1/shifts/{shiftId}/signups", new { name = "山田" });
        var unknownShift = await client.PostAsJsonAsync("/api/v1/shifts/999999/signups", new { name = "山田", email = "y@example.jp" });
        var broken = await client.PostAsync($"/api/v1/shifts/{shiftId}/signups", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, noContact.StatusCode);
        Assert.Contains("メールアドレスか電話番号", await noContact.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", noContact.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknownShift.StatusCode);
        Assert.Equal("application/problem+json", unknownShift.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        await App.WithDbAsync(async db => Assert.False(await db.Set<ShiftSignup>().AnyAsync()));
    }
}
