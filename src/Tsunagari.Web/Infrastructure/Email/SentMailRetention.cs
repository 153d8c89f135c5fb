using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>
/// Deletes mail sent longer than <see cref="DispatcherOptions.KeepSent"/> ago: a sent outbox row still holds the
/// recipient's address and name and the mail's text (a registration's details, a cancel link), which the outbox has no
/// use for once the mail has gone. Rows not yet sent stay, however old. Safe on several instances at once.
/// </summary>
public sealed class SentMailRetention(TsunagariDbContext db, IOptions<EmailOptions> options, TimeProvider clock)
{
    public Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Dispatcher.KeepSent;
        return db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
    }
}

/// <summary>Runs <see cref="SentMailRetention"/> every <see cref="DispatcherOptions.PurgeInterval"/>.</summary>
public sealed partial class SentMailRetentionJob(
    IServiceScopeFactory scopes, IOptions<EmailOptions> options, TimeProvider clock, ILogger<SentMailRetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Dispatcher.PurgeInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<SentMailRetention>().PurgeAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogPurged(logger, deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not stop the job: it tries again on the next tick.
                LogPurgeFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} sent mails past their retention.")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting sent mail failed; retrying on the next run.")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
