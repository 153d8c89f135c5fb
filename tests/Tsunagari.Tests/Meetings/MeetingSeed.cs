using System.Net.Http.Json;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Meetings;

namespace Tsunagari.Tests.Meetings;

/// <summary>Small arrange helpers for meeting tests.</summary>
public static class MeetingSeed
{
    public static async Task<TownMeeting> CreateMeetingAsync(
        this TsunagariApp app,
        int areaId,
        int capacity = 30,
        AccessibilitySupport offered = AccessibilitySupport.SignLanguage | AccessibilitySupport.WheelchairSeat,
        bool topicsAllowed = true,
        TimeSpan? startsIn = null,
        TimeSpan? deadlineIn = null,
        string title = "東地区タウンミーティング")
    {
        var now = DateTimeOffset.UtcNow;
        // By default two weeks ahead at 14:00 Japan time, so the meeting never crosses midnight.
        var starts = startsIn is { } offset ? now + offset : JapanTime.ToInstant(JapanTime.Today(TimeProvider.System).AddDays(14), new TimeOnly(14, 0)).ToUniversalTime();
        var meeting = new TownMeeting
        {
            Title = title,
            Purpose = "地域の困りごとを話し合います。",
            AgendaMarkdown = "1. あいさつ\n2. **グループで話し合い**",
            StartsAt = starts,
            EndsAt = starts.AddHours(2),
            RegistrationDeadline = deadlineIn is { } d ? now + d : starts.AddDays(-1),
            VenueName = "東公民館",
            VenueAddress = "テスト市東町1-2-3",
            AreaId = areaId,
            Capacity = capacity,
            AccessibilityOffered = offered,
            TopicsAllowed = topicsAllowed,
            Organizers = "テスト市・社会福祉協議会",
            CreatedAt = now,
            UpdatedAt = now,
        };
        await app.WithDbAsync(async db =>
        {
            db.Add(meeting);
            await db.SaveChangesAsync();
        });
        return meeting;
    }

    public static Task<HttpResponseMessage> RegisterViaApiAsync(this HttpClient client, int meetingId, string name, string email, int partySize = 1, object? extra = null) =>
        client.PostAsJsonAsync($"/api/v1/meetings/{meetingId}/registrations", extra ?? new { name, email, partySize });

    public static async Task<RegistrationApiResponse> RegisteredAsync(this HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RegistrationApiResponse>())!;
    }
}
