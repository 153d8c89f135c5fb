using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Volunteering;

namespace Tsunagari.Tests.Volunteering;

/// <summary>Small helpers to put opportunities and shifts in the database.</summary>
public static class VolunteeringSeed
{
    /// <summary>A whole hour a few days ahead, so tests never straddle "now".</summary>
    public static DateTimeOffset InDays(int days, int hourJapan = 10)
    {
        var date = JapanTime.Today(TimeProvider.System).AddDays(days);
        return JapanTime.ToInstant(date, new TimeOnly(hourJapan, 0)).ToUniversalTime();
    }

    public static Task<(int OpportunityId, int ShiftId)> OpportunityAsync(
        this TsunagariApp app, int areaId, string title = "買い物の付き添い", int slots = 10, DateTimeOffset? startsAt = null,
        int hours = 2, int[]? skills = null, bool published = true) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>();
            var start = startsAt ?? InDays(3);
            var opportunity = new Opportunity
            {
                Title = title, Description = "スーパーまで一緒に歩きます。", HostName = "テスト社協", AreaId = areaId, LocationText = "公民館前",
                SkillIds = [.. skills ?? [1]], IsPublished = published, CreatedAt = DateTimeOffset.UtcNow,
                Shifts = [new Shift { StartsAt = start, EndsAt = start.AddHours(hours), Slots = slots }],
            };
            db.Add(opportunity);
            await db.SaveChangesAsync();
            return (opportunity.Id, opportunity.Shifts[0].Id);
        });

    public static Task<int> ShiftAsync(this TsunagariApp app, int opportunityId, DateTimeOffset startsAt, int hours = 2, int slots = 10) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>();
            var shift = new Shift { OpportunityId = opportunityId, StartsAt = startsAt, EndsAt = startsAt.AddHours(hours), Slots = slots };
            db.Add(shift);
            await db.SaveChangesAsync();
            return shift.Id;
        });

    public static HttpContent Json(object body) => System.Net.Http.Json.JsonContent.Create(body);
}
