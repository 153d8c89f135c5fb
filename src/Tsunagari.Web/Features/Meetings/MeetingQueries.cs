using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>One meeting in a list: public fields only.</summary>
public sealed record MeetingListItem(
    int Id,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? VenueName,
    string? VenueAddress,
    bool Online,
    int AreaId,
    string AreaName,
    int Capacity,
    int ConfirmedPeople,
    DateTimeOffset RegistrationDeadline,
    AccessibilitySupport AccessibilityOffered,
    bool ReportPublished)
{
    public int SeatsLeft => Math.Max(0, Capacity - ConfirmedPeople);

    public string Venue => string.Join(" ", new[] { VenueName, VenueAddress }.Where(s => !string.IsNullOrWhiteSpace(s)));
}

/// <summary>Read side shared by the public pages, the API and the home page.</summary>
public sealed class MeetingQueries(TsunagariDbContext db, TimeProvider clock)
{
    public Task<List<MeetingListItem>> UpcomingAsync(int skip, int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return Project(db.Set<TownMeeting>().Where(m => m.EndsAt >= now).OrderBy(m => m.StartsAt).ThenBy(m => m.Id))
            .Skip(skip).Take(take).ToListAsync(ct);
    }

    public Task<int> UpcomingCountAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.Set<TownMeeting>().CountAsync(m => m.EndsAt >= now, ct);
    }

    public Task<List<MeetingListItem>> PastWithReportsAsync(int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return Project(db.Set<TownMeeting>().Where(m => m.EndsAt < now && m.ReportPublishedAt != null).OrderByDescending(m => m.StartsAt))
            .Take(take).ToListAsync(ct);
    }

    private static IQueryable<MeetingListItem> Project(IQueryable<TownMeeting> query) =>
        query.AsNoTracking().Select(m => new MeetingListItem(
            m.Id, m.Title, m.StartsAt, m.EndsAt, m.VenueName, m.VenueAddress, m.OnlineUrl != null, m.AreaId, m.Area!.Name,
            m.Capacity, m.ConfirmedPeople, m.RegistrationDeadline, m.AccessibilityOffered, m.ReportPublishedAt != null));
}
