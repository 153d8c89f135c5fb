using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// Signs a person up for a shift: confirmed while there are free slots, waitlisted after. The shift row is locked
/// (<c>SELECT … FOR UPDATE</c>) for the whole transaction, so concurrent signups queue instead of overbooking; the
/// database also refuses overbooking (check constraint) and overlapping confirmed shifts (exclusion constraint).
/// </summary>
public sealed class SignUpForShift(TsunagariDbContext db, VolunteerMails mails, TimeProvider clock)
{
    public enum Outcome
    {
        Confirmed,
        Waitlisted,
        AlreadySignedUp,
        Overlaps,
        NotFound,
        Closed,
    }

    /// <summary>Who signs up. Either <see cref="UserId"/>, or a name with an e-mail address or a phone number.</summary>
    public sealed record Request(int ShiftId, Guid? UserId, string? Name, string? Email, string? Phone, string Channel, Guid? EnteredBy = null);

    public sealed record Result(Outcome Outcome, Guid? SignupId = null, string? Status = null, int? WaitlistRank = null, string? CancelToken = null);

    public async Task<Result> HandleAsync(Request request, bool publishedOnly, CancellationToken ct)
    {
        var email = Contacts.NormalizeEmail(request.Email);
        var phone = Contacts.NormalizePhone(request.Phone);
        string key;
        string? name = request.Name?.Trim();
        if (request.UserId is Guid userId)
        {
            key = Contacts.KeyForUser(userId);
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.DisplayName }).SingleAsync(ct);
            email = Contacts.NormalizeEmail(user.Email);
            name = user.DisplayName;
        }
        else
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            if (email is null && phone is null)
            {
                throw new ArgumentException("An e-mail address or a phone number is required.", nameof(request));
            }

            key = Contacts.KeyForGuest(email, phone);
        }

        // Read what does not change under us before taking the lock, so the locked section stays short.
        var opportunity = await db.Set<Opportunity>().AsNoTracking().Include(o => o.Area)
            .SingleOrDefaultAsync(o => o.Shifts.Any(s => s.Id == request.ShiftId), ct);
        if (opportunity is null || (publishedOnly && !opportunity.IsPublished))
        {
            return new Result(Outcome.NotFound);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var shift = (await db.Set<Shift>().FromSql($"SELECT * FROM volunteer_shifts WHERE id = {request.ShiftId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
            if (shift is null)
            {
                return new Result(Outcome.NotFound);
            }

            var now = clock.GetUtcNow();
            if (shift.StartsAt <= now)
            {
                return new Result(Outcome.Closed);
            }

            // One query for both "already on this shift" and "confirmed elsewhere at the same time".
            var mine = await db.Set<ShiftSignup>().AsNoTracking()
                .Where(s => s.VolunteerKey == key && s.Status != SignupStatus.Cancelled)
                .Where(s => s.ShiftId == shift.Id || (s.Status == SignupStatus.Confirmed && s.StartsAt < shift.EndsAt && s.EndsAt > shift.StartsAt))
                .ToListAsync(ct);
            if (mine.FirstOrDefault(s => s.ShiftId == shift.Id) is { } existing)
            {
                return new Result(Outcome.AlreadySignedUp, existing.Id, existing.Status, await RankAsync(existing, ct));
            }

            if (mine.Count > 0)
            {
                return new Result(Outcome.Overlaps);
            }

            var signup = new ShiftSignup
            {
                Id = Guid.NewGuid(),
                ShiftId = shift.Id,
                UserId = request.UserId,
                GuestName = request.UserId is null ? name : null,
                Email = email,
                Phone = phone,
                VolunteerKey = key,
                Channel = request.Channel,
                EnteredBy = request.EnteredBy,
                StartsAt = shift.StartsAt,
                EndsAt = shift.EndsAt,
                CreatedAt = now,
                Status = SignupStatus.Confirmed,
            };
            int? rank = null;
            if (shift.ConfirmedCount < shift.Slots)
            {
                shift.ConfirmedCount++;
            }
            else
            {
                signup.Status = SignupStatus.Waitlisted;
                var waitlist = await db.Database.SqlQuery<WaitlistStats>(
                        $"SELECT COALESCE(MAX(waitlist_position), 0) AS last, COUNT(*) FILTER (WHERE status = 'waitlisted') AS waiting FROM volunteer_signups WHERE shift_id = {shift.Id}")
                    .SingleAsync(ct);
                signup.WaitlistPosition = waitlist.Last + 1;
                rank = (int)waitlist.Waiting + 1;
            }

            db.Add(signup);
            mails.QueueSignedUp(signup, shift, opportunity, name!, rank);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation })
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new Result(Outcome.Overlaps);
            }

            var token = mails.CancelToken(signup.Id, shift.EndsAt);
            return new Result(signup.Status == SignupStatus.Confirmed ? Outcome.Confirmed : Outcome.Waitlisted, signup.Id, signup.Status, rank, token);
        });
    }

    private sealed record WaitlistStats(int Last, long Waiting);

    private async Task<int?> RankAsync(ShiftSignup signup, CancellationToken ct) =>
        signup.Status != SignupStatus.Waitlisted
            ? null
            : await db.Set<ShiftSignup>().CountAsync(s => s.ShiftId == signup.ShiftId && s.Status == SignupStatus.Waitlisted && s.WaitlistPosition <= signup.WaitlistPosition, ct);
}
