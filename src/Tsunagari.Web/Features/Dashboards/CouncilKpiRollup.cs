using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>
/// The KPI panel's numbers per area (the area and its whole subtree) × month, in the materialized view
/// <c>council_kpi_rollups</c> (migration AddCouncilKpiRollup, ADR 019): 拠点数 (居場所, サロン) and ボランティア登録数 as they
/// are now (month 0001-01-01, written as a literal: Npgsql would send DateOnly.MinValue as -infinity), サロン参加者数, ボランティア活動時間 (seconds) and タウンミーティング参加者数 per month in
/// Japan time. Reading it is one index range scan, whatever the size of the city; a volunteer registered in two areas of
/// one subtree counts once there. <see cref="RefreshAsync"/> rebuilds it concurrently (readers are never blocked) and
/// notes when, so the page can say how fresh the numbers are.
/// </summary>
public sealed class CouncilKpiRollup(TsunagariDbContext db, TimeProvider clock)
{
    /// <summary>Only one instance refreshes at a time; the others skip their turn.</summary>
    private const long AdvisoryLock = 0x5453_4B50_4901; // "TSKPI"

    public sealed record Snapshot(IReadOnlyDictionary<string, long> Values, DateTimeOffset? AsOf);

    /// <summary>The KPI values of an area's subtree: the current counts, and the monthly ones summed over [from, to].</summary>
    public async Task<Snapshot> ReadAsync(int areaId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT metric, sum(value)::bigint FROM council_kpi_rollups
                WHERE area_id = @area AND (month = DATE '0001-01-01' OR month BETWEEN @from AND @to)
                GROUP BY metric;
                SELECT refreshed_at FROM dashboard_refreshes WHERE name = 'council_kpi_rollups';
                """, connection);
            command.Parameters.AddWithValue("area", areaId);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                values[reader.GetString(0)] = reader.GetInt64(1);
            }

            await reader.NextResultAsync(ct);
            DateTimeOffset? asOf = await reader.ReadAsync(ct) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
            return new Snapshot(values, asOf);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>
    /// Rebuilds the view when it is older than <paramref name="maxAge"/> (always when null). Returns false when it was
    /// fresh enough or another instance was refreshing it at that moment.
    /// </summary>
    public async Task<bool> RefreshAsync(TimeSpan? maxAge, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLock}) AS \"Value\"").SingleAsync(ct);
            if (!locked)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            if (maxAge is { } age)
            {
                var last = await db.Database.SqlQuery<DateTimeOffset>($"SELECT refreshed_at AS \"Value\" FROM dashboard_refreshes WHERE name = 'council_kpi_rollups'")
                    .ToListAsync(ct);
                if (last.Count == 1 && now - last[0] < age)
                {
                    return false;
                }
            }

            // Several seconds at the scale of quality.md; CONCURRENTLY keeps the old rows readable meanwhile. The
            // context is pooled: its usual timeout is put back for whoever uses it next.
            var usual = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            try
            {
                await db.Database.ExecuteSqlRawAsync("REFRESH MATERIALIZED VIEW CONCURRENTLY council_kpi_rollups", ct);
            }
            finally
            {
                db.Database.SetCommandTimeout(usual);
            }

            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO dashboard_refreshes (name, refreshed_at) VALUES ('council_kpi_rollups', {now})
                ON CONFLICT (name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at
                """, ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }
}

/// <summary>Refreshes <c>council_kpi_rollups</c> when it is older than <see cref="DashboardOptions.KpiRefreshMinutes"/>.</summary>
public sealed partial class CouncilKpiRefreshJob(
    IServiceScopeFactory scopes, IOptions<DashboardOptions> options, TimeProvider clock, ILogger<CouncilKpiRefreshJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.KpiRefreshMinutes);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CouncilKpiRollup>().RefreshAsync(interval, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not end the job; the next minute tries again.
                LogRefreshFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the council KPI rollup failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
