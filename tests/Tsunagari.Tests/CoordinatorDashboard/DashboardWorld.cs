using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Agenda;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.CoordinatorDashboard;

/// <summary>
/// The test tree (県 → 市 → 東圏域 {east-1, east-2}, 西圏域 {west-1}) with a coordinator and a council member on 東圏域, a
/// coordinator on 西圏域, and helpers that write issues, agenda items and resources straight to the database.
/// </summary>
public sealed class DashboardWorld
{
    public const string EastCoordinator = "east-sc@example.jp";
    public const string WestCoordinator = "west-sc@example.jp";
    public const string EastCouncil = "east-council@example.jp";
    public const string WestCouncil = "west-council@example.jp";

    public required Dictionary<string, int> Areas { get; init; }

    public required Guid EastCoordinatorId { get; init; }

    public static DateOnly ThisMonth
    {
        get
        {
            var today = JapanTime.Today(TimeProvider.System);
            return new DateOnly(today.Year, today.Month, 1);
        }
    }

    public static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static async Task<DashboardWorld> CreateAsync(TsunagariApp app)
    {
        var areas = await app.SeedAreasAsync();
        var east = await app.CreateUserAsync(EastCoordinator, "東 コーディネーター");
        await app.GrantAsync(east, Roles.Coordinator, areas["east"]);
        var west = await app.CreateUserAsync(WestCoordinator, "西 コーディネーター");
        await app.GrantAsync(west, Roles.Coordinator, areas["west"]);
        var eastCouncil = await app.CreateUserAsync(EastCouncil, "東 協議体委員");
        await app.GrantAsync(eastCouncil, Roles.CouncilMember, areas["east"]);
        var westCouncil = await app.CreateUserAsync(WestCouncil, "西 協議体委員");
        await app.GrantAsync(westCouncil, Roles.CouncilMember, areas["west"]);
        return new DashboardWorld { Areas = areas, EastCoordinatorId = east.Id };
    }

    /// <summary>Adds <paramref name="count"/> issues of one category in one area and month; returns their ids.</summary>
    public async Task<List<Guid>> AddIssuesAsync(TsunagariApp app, string area, int categoryId, int count, DateOnly? month = null, string summary = "買い物に行けない高齢の方がいる。")
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await app.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.AddRange(ids.Select(id => new LocalIssue
            {
                Id = id, CategoryId = categoryId, Field = IssueField.Elderly, AreaId = Areas[area], Month = month ?? ThisMonth,
                Summary = summary, Status = IssueStatus.Open, CreatedAt = now, CreatedBy = EastCoordinatorId, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        });
        return ids;
    }

    public Task<int> AddAgendaItemAsync(TsunagariApp app, string area, string title, IReadOnlyList<Guid> issues) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>();
            var now = DateTimeOffset.UtcNow;
            var item = new AgendaItem
            {
                AreaId = Areas[area], Title = title, MeetingDate = JapanTime.Today(TimeProvider.System).AddDays(14),
                Description = "地域で話し合いたいことです。", Status = AgendaStatus.Considering, IssueCount = issues.Count,
                CreatedAt = now, CreatedBy = EastCoordinatorId, UpdatedAt = now,
                Issues = issues.Select(i => new AgendaIssue { LocalIssueId = i }).ToList(),
            };
            db.Add(item);
            await db.SaveChangesAsync();
            return item.Id;
        });

    /// <summary>A salon in <paramref name="area"/> with sessions on the given days of this month (no planner: exact counts).</summary>
    public Task<int> AddSalonWithSessionsAsync(TsunagariApp app, string area, int sessions, int cancelled = 0) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>();
            var now = DateTimeOffset.UtcNow;
            var salon = new Salon
            {
                Name = "東のサロン", AreaId = Areas[area], VenueName = "集会所", ScheduleKind = ScheduleKind.Weekly, Weekdays = [3],
                StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(12, 0), StartDate = ThisMonth, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(salon);
            await db.SaveChangesAsync();
            db.AddRange(Enumerable.Range(0, sessions + cancelled).Select(i => new SalonSession
            {
                SalonId = salon.Id, Date = ThisMonth.AddDays(i), StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(12, 0),
                IsCancelled = i >= sessions, CancelReason = i >= sessions ? "お休み" : null, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
            return salon.Id;
        });

    public static async Task AddVolunteerAsync(TsunagariApp app, string email, int[] areaIds, int[] skillIds, bool acceptsInvitations = true)
    {
        var user = await app.CreateUserAsync(email, "ボランティア");
        await app.WithDbAsync(async db =>
        {
            db.Add(new VolunteerProfile { UserId = user.Id, AreaIds = [.. areaIds], SkillIds = [.. skillIds], AcceptsInvitations = acceptsInvitations, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
    }
}
