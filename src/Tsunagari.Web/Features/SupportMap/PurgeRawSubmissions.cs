using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Audit;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>
/// Retention: the raw personal fields (text, contact, address, exact point) of entries processed more than the
/// municipality's retention period ago are emptied. Unprocessed entries are never touched; kind, area, dates, status,
/// public points and 地域課題 stay.
/// </summary>
public sealed class PurgeRawSubmissions(TsunagariDbContext db, IOptions<SupportMapOptions> options, AuditLog audit, TimeProvider clock)
{
    public async Task<int> HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var purged = 0;

        // Municipalities with their own period first; everything else uses the default.
        var overridden = new List<int>();
        foreach (var (code, municipality) in settings.Municipalities)
        {
            var path = await db.Areas.Where(a => a.Code == code).Select(a => a.Path).SingleOrDefaultAsync(ct);
            if (path is null || municipality.RetentionDays is not int days)
            {
                continue;
            }

            var prefix = path + ".";
            var ids = await db.Areas.Where(a => a.Path == path || a.Path.StartsWith(prefix)).Select(a => a.Id).ToListAsync(ct);
            overridden.AddRange(ids);
            purged += await PurgeAsync(db.Set<MapSubmission>().Where(s => ids.Contains(s.AreaId)), now.AddDays(-days), now, ct);
        }

        purged += await PurgeAsync(db.Set<MapSubmission>().Where(s => !overridden.Contains(s.AreaId)), now.AddDays(-settings.RetentionDays), now, ct);
        if (purged > 0)
        {
            audit.Add(null, AuditActions.SubmissionsPurged, "submission", "*", null, $"count={purged}");
            await db.SaveChangesAsync(ct);
        }

        return purged;
    }

    private static Task<int> PurgeAsync(IQueryable<MapSubmission> scope, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct) =>
        scope
            .Where(s => s.Status != SubmissionStatus.New && s.ProcessedAt != null && s.ProcessedAt < cutoff && s.PurgedAt == null)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Text, (string?)null)
                .SetProperty(s => s.Contact, (string?)null)
                .SetProperty(s => s.AddressText, (string?)null)
                .SetProperty(s => s.Latitude, (double?)null)
                .SetProperty(s => s.Longitude, (double?)null)
                .SetProperty(s => s.PurgedAt, now), ct);
}

/// <summary>Runs <see cref="PurgeRawSubmissions"/> every <see cref="SupportMapOptions.PurgeInterval"/>.</summary>
public sealed class SubmissionRetentionJob(IServiceScopeFactory scopes, IOptions<SupportMapOptions> options, TimeProvider clock, ILogger<SubmissionRetentionJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var purged = await scope.ServiceProvider.GetRequiredService<PurgeRawSubmissions>().HandleAsync(stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Purged the raw personal fields of {Count} processed map submissions.", purged);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not stop the job: it tries again on the next tick.
                logger.LogWarning(e, "Purging raw map submissions failed; retrying on the next run.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
