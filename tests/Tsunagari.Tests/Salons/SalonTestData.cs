using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Tests.Salons;

/// <summary>Small helpers for salon tests: dates relative to today (Japan time) and salons created like the app does.</summary>
internal static class SalonTestData
{
    public static DateOnly Today => JapanTime.Today(TimeProvider.System);

    public static DateOnly NextMonth => new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);

    public static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The Wednesdays of a month, by the same rules the app uses.</summary>
    public static IReadOnlyList<DateOnly> Wednesdays(DateOnly month) => Recurrence.Occurrences(
        new SalonSchedule(ScheduleKind.Weekly, month, Weekdays: [DayOfWeek.Wednesday]), month, month.AddMonths(1).AddDays(-1), JapaneseHolidays.Instance);

    /// <summary>A public salon meeting every Wednesday 10:00–12:00 from today (holidays held), with its sessions planned.</summary>
    public static async Task<int> CreateSalonAsync(this TsunagariApp app, int areaId, Guid? organizer = null, string name = "水曜サロン", Action<Salon>? configure = null)
    {
        var id = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TsunagariDbContext>();
            var salon = new Salon
            {
                Name = name, AreaId = areaId, OrganizerUserId = organizer, VenueName = "東集会所", VenueAddress = "テスト市東町1",
                ScheduleKind = ScheduleKind.Weekly, Weekdays = [(int)DayOfWeek.Wednesday], StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(12, 0),
                StartDate = Today, HolidayRule = HolidayRule.Hold, Description = "おしゃべりと体操", Fee = "100円",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            configure?.Invoke(salon);
            db.Add(salon);
            await db.SaveChangesAsync();
            return salon.Id;
        });
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<SalonSessionPlanner>().ReplanAsync(id, CancellationToken.None);
            return true;
        });
        return id;
    }

    /// <summary>A signed-in principal for calling use cases directly (grants are read from the database as in a request).</summary>
    public static ClaimsPrincipal Principal(Guid userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString())], "test"));
}
