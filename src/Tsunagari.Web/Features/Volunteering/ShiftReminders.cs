using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// The reminder mail the day before: every confirmed signup with an e-mail address whose shift starts tomorrow (Japan
/// time) gets one. <see cref="ShiftSignup.ReminderSentAt"/> is set in the same transaction as the outbox row and rows are
/// claimed with SKIP LOCKED, so repeated runs and a second instance never send twice.
/// </summary>
public sealed class ShiftReminders(TsunagariDbContext db, VolunteerMails mails, TimeProvider clock)
{
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var tomorrow = JapanTime.Today(clock).AddDays(1);
        var from = JapanTime.ToInstant(tomorrow, TimeOnly.MinValue).ToUniversalTime();
        var to = JapanTime.ToInstant(tomorrow.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Set<ShiftSignup>().FromSql(
                    $"SELECT * FROM volunteer_signups WHERE status = 'confirmed' AND reminder_sent_at IS NULL AND email IS NOT NULL AND starts_at >= {from} AND starts_at < {to} ORDER BY starts_at LIMIT 200 FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                return 0;
            }

            var userIds = due.Where(s => s.UserId != null).Select(s => s.UserId!.Value).ToList();
            var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            var shiftIds = due.Select(s => s.ShiftId).Distinct().ToList();
            var shifts = await db.Set<Shift>().Include(s => s.Opportunity).ThenInclude(o => o!.Area).Where(s => shiftIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            var now = clock.GetUtcNow();
            foreach (var signup in due)
            {
                var shift = shifts[signup.ShiftId];
                var name = signup.UserId is Guid id && names.TryGetValue(id, out var n) ? n : signup.GuestName ?? "";
                mails.QueueReminder(signup, shift, shift.Opportunity!, name);
                signup.ReminderSentAt = now;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return due.Count;
        });
    }
}

public sealed class VolunteeringOptions
{
    public const string Section = "Volunteering";

    /// <summary>How often the reminder job looks for tomorrow's shifts.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Runs <see cref="ShiftReminders"/> on an interval; failures are logged and retried on the next round.</summary>
public sealed partial class ShiftReminderService(IServiceScopeFactory scopes, IOptions<VolunteeringOptions> options, ILogger<ShiftReminderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var reminders = scope.ServiceProvider.GetRequiredService<ShiftReminders>();
                while (await reminders.SendDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shift reminders failed; retrying on the next round.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
