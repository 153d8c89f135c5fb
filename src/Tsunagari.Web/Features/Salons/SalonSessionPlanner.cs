using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Web.Features.Salons;

/// <summary>
/// Keeps a salon's materialised sessions in line with its schedule, from today (Japan time) to the horizon.
/// Past sessions are never touched. A future session whose date is still a salon date keeps everything recorded on it
/// (cancellation, changed time or venue); only its default time follows the schedule. A future session whose date is
/// no longer a salon date is removed unless attendance was recorded on it.
/// </summary>
public sealed class SalonSessionPlanner(TsunagariDbContext db, TimeProvider clock, IHolidayCalendar holidays)
{
    /// <summary>Sessions exist up to the end of the month this many months ahead (a daily job moves it on).</summary>
    public const int HorizonMonths = 12;

    public DateOnly Today => JapanTime.Today(clock);

    public DateOnly Horizon
    {
        get
        {
            var today = Today;
            return new DateOnly(today.Year, today.Month, 1).AddMonths(HorizonMonths + 1).AddDays(-1);
        }
    }

    /// <summary>
    /// Applies the schedule to the tracked sessions of <paramref name="salon"/> (which must have an id). The caller
    /// saves, inside a transaction that holds the salon's row lock (<see cref="LockAsync"/>).
    /// </summary>
    public async Task PlanAsync(Salon salon, CancellationToken ct)
    {
        var today = Today;
        var wanted = Recurrence.Occurrences(salon.Schedule(), today, Horizon, holidays).ToHashSet();
        var extras = salon.ExtraDates.ToHashSet();
        var existing = await db.Set<SalonSession>().Where(s => s.SalonId == salon.Id && s.Date >= today).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var session in existing)
        {
            if (wanted.Remove(session.Date))
            {
                if (!session.TimeChanged && (session.StartTime != salon.StartTime || session.EndTime != salon.EndTime))
                {
                    (session.StartTime, session.EndTime, session.UpdatedAt) = (salon.StartTime, salon.EndTime, now);
                }

                session.IsExtra = extras.Contains(session.Date);
            }
            else if (session.Attendance is null)
            {
                db.Remove(session);
            }
        }

        foreach (var date in wanted)
        {
            db.Add(new SalonSession
            {
                SalonId = salon.Id,
                Date = date,
                StartTime = salon.StartTime,
                EndTime = salon.EndTime,
                IsExtra = extras.Contains(date),
                UpdatedAt = now,
            });
        }
    }

    /// <summary>Locks the salon's row until the transaction ends, so two edits (or two instances) plan one at a time.</summary>
    public Task LockAsync(int salonId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM salons WHERE id = {salonId} FOR UPDATE", ct);

    /// <summary>Moves every salon's horizon on (daily); each salon in its own short transaction.</summary>
    public async Task<int> ExtendAllAsync(CancellationToken ct)
    {
        var horizon = Horizon;
        var behind = await db.Set<Salon>().AsNoTracking()
            .Where(s => (s.EndDate == null || s.EndDate >= Today)
                && !db.Set<SalonSession>().Any(x => x.SalonId == s.Id && x.Date >= horizon.AddDays(-31)))
            .Select(s => s.Id)
            .ToListAsync(ct);
        foreach (var id in behind)
        {
            await ReplanAsync(id, ct);
        }

        return behind.Count;
    }

    /// <summary>Re-plans one salon in its own transaction.</summary>
    public async Task ReplanAsync(int salonId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(salonId, ct);
            var salon = await db.Set<Salon>().SingleOrDefaultAsync(s => s.Id == salonId, ct);
            if (salon is not null)
            {
                await PlanAsync(salon, ct);
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        });
    }
}

/// <summary>Once a day, makes sure every salon has sessions up to the horizon.</summary>
public sealed class SalonHorizonJob(IServiceScopeFactory scopes, ILogger<SalonHorizonJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var extended = await scope.ServiceProvider.GetRequiredService<SalonSessionPlanner>().ExtendAllAsync(stoppingToken);
                if (extended > 0)
                {
                    log.LogInformation("Extended the sessions of {Count} salons to the horizon.", extended);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next run tries again; a database outage must not stop the job for good.
                log.LogWarning(e, "Extending salon sessions failed; trying again later.");
            }

            try
            {
                await Task.Delay(TimeSpan.FromHours(6), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
