using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Agenda;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Features.Volunteering;

namespace Tsunagari.Web.Features.Staff;

/// <summary>What waits for the coordinator in one area subtree; each count links to the screen that processes it.</summary>
public sealed record InboxCounts(int NewSubmissions, int NewTopics, int PendingPlaces, int StalePlaces, int UnfilledShifts, int OpenAgendaItems)
{
    public int Total => NewSubmissions + NewTopics + PendingPlaces + StalePlaces + UnfilledShifts;
}

public sealed class CoordinatorInbox(TsunagariDbContext db, TimeProvider clock)
{
    /// <summary>Counts over <paramref name="areaIds"/> (a subtree); each is one indexed <c>count(*)</c>.</summary>
    public async Task<InboxCounts> CountAsync(int[] areaIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var submissions = await db.Set<MapSubmission>().CountAsync(s => s.Status == SubmissionStatus.New && areaIds.Contains(s.AreaId), ct);
        var topics = await db.Set<MeetingTopic>().CountAsync(t => t.Status == TopicStatus.New && areaIds.Contains(t.Meeting!.AreaId), ct);
        var pending = await db.Set<Place>().CountAsync(p => p.Status == PlaceStatus.Pending && areaIds.Contains(p.AreaId), ct);
        var stale = await db.Set<Place>().CountAsync(p => p.Status == PlaceStatus.Published && p.StaleSince != null && areaIds.Contains(p.AreaId), ct);
        var shifts = await db.Set<Shift>().CountAsync(s => s.StartsAt > now && s.ConfirmedCount < s.Slots
            && s.Opportunity!.IsPublished && areaIds.Contains(s.Opportunity.AreaId), ct);
        var agenda = await db.Set<AgendaItem>().CountAsync(a => a.Status != AgendaStatus.Resolved && a.Status != AgendaStatus.Dropped && areaIds.Contains(a.AreaId), ct);
        return new InboxCounts(submissions, topics, pending, stale, shifts, agenda);
    }
}
