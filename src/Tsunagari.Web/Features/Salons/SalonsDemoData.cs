using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Web.Features.Salons;

/// <summary>
/// A handful of salons in the demo municipality (緑ヶ丘市), with one session of this month cancelled. Idempotent:
/// salons are matched by name; sessions are planned like any other salon's.
/// </summary>
public sealed class SalonsDemoData(TsunagariDbContext db, SalonSessionPlanner planner, TimeProvider clock)
{
    /// <summary>The one call from <see cref="DemoData"/>.</summary>
    public static Task EnsureAsync(TsunagariDbContext db, TimeProvider clock, CancellationToken ct) =>
        new SalonsDemoData(db, new SalonSessionPlanner(db, clock, JapaneseHolidays.Instance), clock).EnsureAsync(ct);

    private sealed record Demo(string Name, string AreaCode, string Venue, string Address, ScheduleKind Kind, int[] Weekdays, int[] Ordinals, int? Day,
        TimeOnly Start, TimeOnly End, HolidayRule Holiday, string ForWhom, string Fee, string Host, string Description);

    private static readonly Demo[] Salons =
    [
        new("桜台ふれあいサロン", "demo-s01", "桜台集会所", "緑ヶ丘市桜台一丁目", ScheduleKind.Weekly, [3], [], null, new(10, 0), new(12, 0),
            HolidayRule.Skip, SalonAudiences.Seniors, "100円（お茶代）", "桜台ふれあいの会", "体操とおしゃべりの会です。はじめての方も歓迎します。"),
        new("青葉いきいき体操", "demo-s02", "青葉公民館", "緑ヶ丘市青葉町", ScheduleKind.MonthlyByWeekday, [2], [2, 4], null, new(13, 30), new(15, 0),
            HolidayRule.MoveToNextDay, SalonAudiences.Seniors, "無料", "青葉町自治会", "いすに座ってできる体操です。"),
        new("山手こども食堂", "demo-s03", "山手地区センター", "緑ヶ丘市山手一丁目", ScheduleKind.MonthlyByDate, [], [], 15, new(17, 0), new(19, 0),
            HolidayRule.Hold, SalonAudiences.Everyone, "こども無料・おとな300円", "山手みんなの食卓", "こどももおとなも、いっしょにごはんを食べましょう。"),
        new("本町子育てひろば", "demo-s04", "本町コミュニティセンター", "緑ヶ丘市本町二丁目", ScheduleKind.Weekly, [1, 4], [], null, new(10, 0), new(11, 30),
            HolidayRule.Skip, SalonAudiences.Parents, "無料", "本町子育てネット", "0〜3歳のお子さんと保護者の方の集まりです。"),
        new("若葉カフェ", "demo-s07", "若葉台団地集会所", "緑ヶ丘市若葉台団地", ScheduleKind.MonthlyByWeekday, [5], [-1], null, new(14, 0), new(16, 0),
            HolidayRule.Skip, SalonAudiences.Everyone, "100円", "若葉台団地自治会", "月末の金曜日に開くコミュニティカフェです。"),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        var areaIds = await db.Areas.Where(a => a.Code.StartsWith("demo-")).ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        var organizer = await db.Users.Where(u => u.Email == "organizer@example.jp").Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct);
        var existing = await db.Set<Salon>().Select(s => s.Name).ToListAsync(ct);
        var today = JapanTime.Today(clock);
        var now = clock.GetUtcNow();
        foreach (var demo in Salons.Where(d => !existing.Contains(d.Name) && areaIds.ContainsKey(d.AreaCode)))
        {
            var salon = new Salon
            {
                Name = demo.Name, AreaId = areaIds[demo.AreaCode], VenueName = demo.Venue, VenueAddress = demo.Address,
                ScheduleKind = demo.Kind, Weekdays = demo.Weekdays, WeekOrdinals = demo.Ordinals, DayOfMonth = demo.Day,
                StartTime = demo.Start, EndTime = demo.End, StartDate = new DateOnly(today.Year, today.Month, 1).AddMonths(-2),
                HolidayRule = demo.Holiday, ForWhom = demo.ForWhom, Fee = demo.Fee, HostName = demo.Host, Description = demo.Description,
                OrganizerUserId = demo.AreaCode == "demo-s01" ? organizer : null, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(salon);
            await db.SaveChangesAsync(ct);
            await planner.PlanAsync(salon, ct);
            await db.SaveChangesAsync(ct);

            // "今月はお休み": the first session of this month of the first demo salon is cancelled.
            if (demo == Salons[0])
            {
                var session = await db.Set<SalonSession>().Where(s => s.SalonId == salon.Id).OrderBy(s => s.Date).FirstOrDefaultAsync(ct);
                if (session is not null)
                {
                    (session.IsCancelled, session.CancelReason) = (true, "集会所の点検のためお休みです");
                    await db.SaveChangesAsync(ct);
                }
            }
        }
    }
}
