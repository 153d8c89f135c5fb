using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// Cancels a signup. When it held a slot, the first waiter who is free at that time takes it and gets one mail, in
/// the same transaction (under the shift's row lock, as signups are).
/// </summary>
public sealed class CancelSignup(TsunagariDbContext db, VolunteerMails mails, TimeProvider clock)
{
    public enum Outcome
    {
        Cancelled,
        AlreadyCancelled,
        NotFound,
    }

    public sealed record Result(Outcome Outcome, Guid? PromotedSignupId = null);

    public async Task<Result> HandleAsync(Guid signupId, CancellationToken ct)
    {
        // A waiter confirmed elsewhere for the same time in the meantime makes the exclusion constraint refuse the
        // promotion; the next attempt skips them (their other signup is committed by then).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryAsync(signupId, ct);
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ExclusionViolation })
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Result> TryAsync(Guid signupId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var shiftId = await db.Set<ShiftSignup>().Where(s => s.Id == signupId).Select(s => (int?)s.ShiftId).SingleOrDefaultAsync(ct);
            if (shiftId is null)
            {
                return new Result(Outcome.NotFound);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var shift = (await db.Set<Shift>().FromSql($"SELECT * FROM volunteer_shifts WHERE id = {shiftId} FOR UPDATE").ToListAsync(ct)).Single();
            var signup = await db.Set<ShiftSignup>().SingleAsync(s => s.Id == signupId, ct);
            if (signup.Status == SignupStatus.Cancelled)
            {
                return new Result(Outcome.AlreadyCancelled);
            }

            var now = clock.GetUtcNow();
            var heldSlot = signup.Status == SignupStatus.Confirmed;
            signup.Status = SignupStatus.Cancelled;
            signup.CancelledAt = now;
            ShiftSignup? promoted = null;
            if (heldSlot)
            {
                shift.ConfirmedCount--;
                // Save the cancellation first so the freed time no longer counts against anyone's overlap.
                await db.SaveChangesAsync(ct);
                promoted = await PromoteFirstWaiterAsync(shift, now, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Result(Outcome.Cancelled, promoted?.Id);
        });
    }

    /// <summary>The first waiter without a confirmed shift at the same time; others keep their place.</summary>
    private async Task<ShiftSignup?> PromoteFirstWaiterAsync(Shift shift, DateTimeOffset now, CancellationToken ct)
    {
        if (shift.StartsAt <= now)
        {
            return null;
        }

        var confirmed = db.Set<ShiftSignup>().Where(s => s.Status == SignupStatus.Confirmed);
        var next = await db.Set<ShiftSignup>()
            .Include(s => s.User)
            .Where(s => s.ShiftId == shift.Id && s.Status == SignupStatus.Waitlisted)
            .Where(s => !confirmed.Any(c => c.VolunteerKey == s.VolunteerKey && c.StartsAt < s.EndsAt && c.EndsAt > s.StartsAt))
            .OrderBy(s => s.WaitlistPosition)
            .FirstOrDefaultAsync(ct);
        if (next is null)
        {
            return null;
        }

        next.Status = SignupStatus.Confirmed;
        next.PromotedAt = now;
        shift.ConfirmedCount++;
        var opportunity = await db.Set<Opportunity>().Include(o => o.Area).SingleAsync(o => o.Id == shift.OpportunityId, ct);
        mails.QueuePromoted(next, shift, opportunity, next.DisplayName);
        return next;
    }
}
