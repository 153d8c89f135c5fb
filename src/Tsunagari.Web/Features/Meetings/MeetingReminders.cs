using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>
/// Sends the reminder mail the day before (Japan time) to confirmed registrants with an e-mail address. Idempotent:
/// rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> and marked <c>reminder_sent_at</c> in the same transaction as
/// their outbox mail, so two instances or two rounds never send a reminder twice.
/// </summary>
public sealed partial class MeetingReminders(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<MeetingReminders> logger)
    : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Meetings:ReminderInterval", TimeSpan.FromMinutes(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never die: the next round picks up whatever this one missed.
                LogRoundFailed(logger, e);
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Queues every due reminder; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var sent = await RunBatchAsync(ct);
            total += sent;
            if (sent < BatchSize)
            {
                return total;
            }
        }
    }

    private async Task<int> RunBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TsunagariDbContext>();
        var mails = scope.ServiceProvider.GetRequiredService<MeetingMails>();
        var links = scope.ServiceProvider.GetRequiredService<SignedLinks>();
        var tomorrow = JapanTime.Today(clock).AddDays(1);
        var from = JapanTime.ToInstant(tomorrow, TimeOnly.MinValue).ToUniversalTime();
        var to = JapanTime.ToInstant(tomorrow.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Set<MeetingRegistration>()
                .FromSql($"""
                    SELECT r.* FROM meeting_registrations r
                    JOIN town_meetings m ON m.id = r.meeting_id
                    WHERE r.status = 'confirmed' AND r.reminder_sent_at IS NULL AND r.email IS NOT NULL
                      AND m.starts_at >= {from} AND m.starts_at < {to}
                    ORDER BY r.id
                    LIMIT {BatchSize}
                    FOR UPDATE OF r SKIP LOCKED
                    """)
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                return 0;
            }

            var meetingIds = due.Select(r => r.MeetingId).Distinct().ToList();
            var meetings = await db.Set<TownMeeting>().AsNoTracking().Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
            var now = clock.GetUtcNow();
            foreach (var registration in due)
            {
                var meeting = meetings[registration.MeetingId];
                mails.QueueReminder(meeting, registration, RegisterForMeeting.CancelToken(links, meeting, registration, now));
                registration.ReminderSentAt = now;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return due.Count;
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Meeting reminders: a round failed; retrying later")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
