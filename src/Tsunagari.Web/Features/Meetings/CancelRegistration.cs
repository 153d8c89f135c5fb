using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>
/// Cancels a registration by its signed token and promotes from the waitlist, all in one transaction with the
/// meeting row locked: the cancellation, every promotion and every promotion mail commit together or not at all.
/// </summary>
public sealed class CancelRegistration(TsunagariDbContext db, MeetingMails mails, SignedLinks links, IOutputCacheStore cache, TimeProvider clock)
{
    public enum Result
    {
        Cancelled,
        AlreadyCancelled,
        InvalidLink,
        MeetingOver,
    }

    /// <summary>The registration key in a cancel token, or null when the token is tampered with or expired.</summary>
    public Guid? ReadToken(string? token) =>
        Guid.TryParseExact(links.Read(RegisterForMeeting.CancelPurpose, token), "N", out var key) ? key : null;

    public async Task<Result> HandleAsync(string? token, CancellationToken ct)
    {
        if (ReadToken(token) is not Guid key)
        {
            return Result.InvalidLink;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var meetingId = await db.Set<MeetingRegistration>().Where(r => r.Key == key).Select(r => (int?)r.MeetingId).SingleOrDefaultAsync(ct);
            if (meetingId is null)
            {
                return Result.InvalidLink;
            }

            var meeting = await LockMeetingAsync(db, meetingId.Value, ct);
            var registration = await db.Set<MeetingRegistration>().SingleAsync(r => r.Key == key, ct);
            if (registration.Status == RegistrationStatus.Cancelled)
            {
                return Result.AlreadyCancelled;
            }

            var now = clock.GetUtcNow();
            if (now >= meeting.StartsAt)
            {
                return Result.MeetingOver;
            }

            var wasConfirmed = registration.Status == RegistrationStatus.Confirmed;
            registration.Status = RegistrationStatus.Cancelled;
            registration.CancelledAt = now;
            if (wasConfirmed)
            {
                meeting.ConfirmedPeople -= registration.PartySize;
                await PromoteAsync(db, mails, links, meeting, now, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            if (wasConfirmed)
            {
                await cache.EvictByTagAsync(MeetingsSetup.PageTag(meeting.Id), CancellationToken.None);
            }

            return Result.Cancelled;
        });
    }

    public static Task<TownMeeting> LockMeetingAsync(TsunagariDbContext db, int meetingId, CancellationToken ct) =>
        db.Set<TownMeeting>().FromSql($"SELECT * FROM town_meetings WHERE id = {meetingId} FOR UPDATE").SingleAsync(ct);

    /// <summary>
    /// Fills free seats from the waitlist in registration order. A party larger than the seats left is skipped and
    /// keeps its place; a smaller party behind it may move up. Call with the meeting row locked; caller saves.
    /// </summary>
    public static async Task<IReadOnlyList<MeetingRegistration>> PromoteAsync(
        TsunagariDbContext db, MeetingMails mails, SignedLinks links, TownMeeting meeting, DateTimeOffset now, CancellationToken ct)
    {
        var promoted = new List<MeetingRegistration>();
        if (meeting.ConfirmedPeople >= meeting.Capacity || now >= meeting.StartsAt)
        {
            return promoted;
        }

        var waiting = await db.Set<MeetingRegistration>()
            .Where(r => r.MeetingId == meeting.Id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.Id)
            .ToListAsync(ct);
        foreach (var registration in waiting)
        {
            if (meeting.ConfirmedPeople + registration.PartySize > meeting.Capacity)
            {
                continue;
            }

            registration.Status = RegistrationStatus.Confirmed;
            registration.PromotedAt = now;
            meeting.ConfirmedPeople += registration.PartySize;
            mails.QueuePromoted(meeting, registration, RegisterForMeeting.CancelToken(links, meeting, registration, now));
            promoted.Add(registration);
            if (meeting.ConfirmedPeople == meeting.Capacity)
            {
                break;
            }
        }

        return promoted;
    }
}
