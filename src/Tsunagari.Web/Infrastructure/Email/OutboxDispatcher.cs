using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>
/// Sends queued mail. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several app instances share the work
/// without sending anything twice; failures are retried with exponential backoff, forever (nothing is dropped).
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IMailTransportFactory transports,
    MailComposer composer,
    OutboxSignal signal,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.Value.Dispatcher;
            int handled;
            try
            {
                handled = await DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away (restart, failover) or something else failed: the rows stay queued, so try again
                // after the poll interval. A background service must never die, or mail would silently stop.
                if (DatabaseOutage.Is(e))
                {
                    LogDatabaseUnavailable(logger, e);
                }
                else
                {
                    LogDispatchFailed(logger, e);
                }

                handled = 0;
            }

            if (handled < settings.BatchSize && await signal.WaitAsync(settings.PollInterval, clock, stoppingToken))
            {
                await SettleAsync(settings, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Woken by new mail: wait until no more has come for <see cref="DispatcherOptions.QuietPeriod"/> (at most
    /// <see cref="DispatcherOptions.MaxSettle"/>), so that a burst of sign-ups is answered first and its mail is sent
    /// afterwards in full batches, instead of the dispatcher taking CPU and connections from the people still waiting
    /// for their answer (ADR 020).
    /// </summary>
    private async Task SettleAsync(DispatcherOptions settings, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        while (settings.QuietPeriod > TimeSpan.Zero
            && clock.GetElapsedTime(started) < settings.MaxSettle
            && await signal.WaitAsync(settings.QuietPeriod, clock, ct))
        {
        }
    }

    /// <summary>Claims and sends one batch; returns how many rows it handled (sent or rescheduled).</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        var settings = options.Value.Dispatcher;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TsunagariDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var batch = await db.OutboxMessages
                .FromSql($"""
                    SELECT * FROM outbox_messages
                    WHERE sent_at IS NULL AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at
                    LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return 0;
            }

            await using (var transport = transports.Create())
            {
                var failed = false;
                foreach (var row in batch)
                {
                    // After one failure the server is most likely down: reschedule the rest without trying them.
                    if (failed)
                    {
                        Reschedule(row, "SMTP unavailable earlier in this batch", settings);
                        continue;
                    }

                    try
                    {
                        var message = await composer.ComposeAsync(row, ct);
                        await transport.SendAsync(message, ct);
                        row.SentAt = clock.GetUtcNow();
                        row.Attempts++;
                        row.LastError = null;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        // A server that answered (e.g. refused one recipient) is up; anything else means it is not.
                        failed = e is not SmtpCommandException;
                        Reschedule(row, e.Message, settings);
                        LogSendFailed(logger, row.Id, row.Attempts, e.Message);
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return batch.Count;
        });
    }

    private void Reschedule(OutboxMessage row, string error, DispatcherOptions settings)
    {
        row.Attempts++;
        var factor = Math.Pow(2, Math.Min(row.Attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.BaseBackoff.Ticks * factor, settings.MaxBackoff.Ticks));
        row.NextAttemptAt = clock.GetUtcNow() + delay;
        row.LastError = error.Length > 2000 ? error[..2000] : error;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: the database is unavailable; retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox: a dispatch round failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: sending {MessageId} failed (attempt {Attempts}): {Error}")]
    private static partial void LogSendFailed(ILogger logger, Guid messageId, int attempts, string error);
}

/// <summary>Wakes the dispatcher as soon as mail is queued, instead of at the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        // Already signalled: return without the exception below (a burst of saves would throw one per save).
        if (_semaphore.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for a <see cref="Notify"/> or the timeout; true when notified.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutSource.Token);
        try
        {
            await _semaphore.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false; // timed out
        }
    }

    public void Dispose() => _semaphore.Dispose();
}

/// <summary>Notifies <see cref="OutboxSignal"/> after a save that queued mail.</summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context
            && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            context.SavedChanges += OnSaved;
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private void OnSaved(object? sender, SavedChangesEventArgs e)
    {
        if (sender is DbContext context)
        {
            context.SavedChanges -= OnSaved;
        }

        signal.Notify();
    }
}

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddTsunagariEmail(this IServiceCollection services, IHostEnvironment environment)
    {
        var defaults = services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Dispatcher.KeepSent > TimeSpan.Zero && o.Dispatcher.PurgeInterval > TimeSpan.Zero, "Email:Dispatcher: KeepSent and PurgeInterval must be positive.")
            .ValidateOnStart();
        if (environment.IsDevelopment())
        {
            // Development keeps mail on disk unless an SMTP server is configured explicitly.
            defaults.PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (configuration["Email:Delivery"] is null)
                {
                    options.Delivery = EmailDelivery.Files;
                }
            });
        }

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        services.AddSingleton<IMailTransportFactory, MailTransportFactory>();
        services.AddScoped<MailOutbox>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddScoped<SentMailRetention>();
        services.AddHostedService<SentMailRetentionJob>();
        return services;
    }
}
