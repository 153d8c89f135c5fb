using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Bench;

/// <summary>
/// The salon month calendar of one 日常生活圏域 holding 500 salons (≈ 2,000 sessions in the month), against a static
/// file of the same size (quality.md: ≥ 50 % of static req/s, p99 &lt; 50 ms), plus the server time of an uncached render.
/// Seeds its own small area branch and the salons and sessions by binary COPY — unless the run generated the full data
/// set, where each 圏域 holds 500 salons (mostly monthly, as quality.md's ≈ 60,000 sessions a year imply): then it
/// measures the first generated 圏域.
/// </summary>
public sealed class SalonMonthScenario : IBenchScenario
{
    private const int Salons = 500;
    private const int RootId = 9_000_000;
    private int _districtId = RootId + 2;

    public string Name => "Salon month view, 500 salons in one area";

    private static DateOnly Month
    {
        get
        {
            var today = Tsunagari.Web.JapanTime.Today(TimeProvider.System);
            return new DateOnly(today.Year, today.Month, 1);
        }
    }

    public string PagePath => $"/salons?area={_districtId}&month={Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    public async Task SeedAsync(BenchContext context)
    {
        if (context.Data is { } data)
        {
            _districtId = data.DistrictIds[0];
            return;
        }

        await using var connection = await context.OpenAsync();
        await using (var areas = new NpgsqlCommand(
            """
            INSERT INTO areas (id, parent_id, code, name, level, depth, path, sort_order) VALUES
              (@root, NULL, 'bench-salon-pref', 'ベンチ県', '都道府県', 0, @p0, 0),
              (@root + 1, @root, 'bench-salon-city', 'ベンチ市', '市町村', 1, @p1, 0),
              (@root + 2, @root + 1, 'bench-salon-d1', 'ベンチ圏域', '日常生活圏域', 2, @p2, 0)
            ON CONFLICT (code) DO NOTHING
            """, connection))
        {
            areas.Parameters.AddWithValue("root", RootId);
            areas.Parameters.AddWithValue("p0", $"{RootId}");
            areas.Parameters.AddWithValue("p1", $"{RootId}.{RootId + 1}");
            areas.Parameters.AddWithValue("p2", $"{RootId}.{RootId + 1}.{RootId + 2}");
            await areas.ExecuteNonQueryAsync();
        }

        var random = context.Random;
        var from = Month.AddMonths(-1);
        var to = Month.AddMonths(2).AddDays(-1);
        var now = DateTime.UtcNow;
        var schedules = new List<(int Id, Salon Salon)>();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY salons (id, area_id, name, description, for_whom, fee, venue_name, venue_address, is_public, schedule_kind, weekdays, " +
            "week_ordinals, day_of_month, start_time, end_time, start_date, extra_dates, exception_dates, holiday_rule, created_at, updated_at) " +
            "FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < Salons; i++)
            {
                var kind = (ScheduleKind)(i % 3);
                var salon = new Salon
                {
                    Name = $"ベンチサロン{i + 1:000}", VenueName = $"集会所{i % 40 + 1}", ScheduleKind = kind,
                    Weekdays = kind == ScheduleKind.MonthlyByDate ? [] : [random.Next(0, 7)],
                    WeekOrdinals = kind == ScheduleKind.MonthlyByWeekday ? [2, 4] : [],
                    DayOfMonth = kind == ScheduleKind.MonthlyByDate ? random.Next(1, 32) : null,
                    StartTime = new TimeOnly(9 + (i % 8), 0), StartDate = from, HolidayRule = (HolidayRule)(i % 3),
                };
                salon.EndTime = salon.StartTime.AddHours(2);
                schedules.Add((RootId + i, salon));
                await copy.StartRowAsync();
                await copy.WriteAsync(RootId + i, NpgsqlDbType.Integer);
                await copy.WriteAsync(_districtId, NpgsqlDbType.Integer);
                await copy.WriteAsync(salon.Name, NpgsqlDbType.Varchar);
                await copy.WriteAsync("体操とおしゃべりの会です。", NpgsqlDbType.Varchar);
                await copy.WriteAsync(SalonAudiences.All[i % SalonAudiences.All.Length], NpgsqlDbType.Varchar);
                await copy.WriteAsync("100円", NpgsqlDbType.Varchar);
                await copy.WriteAsync(salon.VenueName, NpgsqlDbType.Varchar);
                await copy.WriteAsync("ベンチ市本町1", NpgsqlDbType.Varchar);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                await copy.WriteAsync((int)salon.ScheduleKind, NpgsqlDbType.Integer);
                await copy.WriteAsync(salon.Weekdays, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                await copy.WriteAsync(salon.WeekOrdinals, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                if (salon.DayOfMonth is int day)
                {
                    await copy.WriteAsync(day, NpgsqlDbType.Integer);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(salon.StartTime, NpgsqlDbType.Time);
                await copy.WriteAsync(salon.EndTime, NpgsqlDbType.Time);
                await copy.WriteAsync(salon.StartDate, NpgsqlDbType.Date);
                await copy.WriteAsync(Array.Empty<DateOnly>(), NpgsqlDbType.Array | NpgsqlDbType.Date);
                await copy.WriteAsync(Array.Empty<DateOnly>(), NpgsqlDbType.Array | NpgsqlDbType.Date);
                await copy.WriteAsync((int)salon.HolidayRule, NpgsqlDbType.Integer);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY salon_sessions (salon_id, date, start_time, end_time, time_changed, is_cancelled, cancel_reason, is_extra, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, salon) in schedules)
            {
                foreach (var date in Recurrence.Occurrences(salon.Schedule(), from, to, JapaneseHolidays.Instance))
                {
                    var cancelled = random.Next(20) == 0;
                    await copy.StartRowAsync();
                    await copy.WriteAsync(id, NpgsqlDbType.Integer);
                    await copy.WriteAsync(date, NpgsqlDbType.Date);
                    await copy.WriteAsync(salon.StartTime, NpgsqlDbType.Time);
                    await copy.WriteAsync(salon.EndTime, NpgsqlDbType.Time);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(cancelled, NpgsqlDbType.Boolean);
                    if (cancelled)
                    {
                        await copy.WriteAsync("今月はお休みです", NpgsqlDbType.Varchar);
                    }
                    else
                    {
                        await copy.WriteNullAsync();
                    }

                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
            }

            await copy.CompleteAsync();
        }

        await using var sequence = new NpgsqlCommand("SELECT setval(pg_get_serial_sequence('salons', 'id'), (SELECT max(id) FROM salons)); ANALYZE salons; ANALYZE salon_sessions;", connection);
        await sequence.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        // Server time of a render that misses the output cache (a query string never seen before), sequential.
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await context.Http.GetAsync($"{PagePath}&uncached={i}");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var median = times[times.Count / 2];
        var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
        var rows = new List<BenchRow>
        {
            new(
                $"{Name}: uncached render of `{PagePath}` (server time, 21 sequential requests)",
                "p95 < 200 ms",
                string.Create(CultureInfo.InvariantCulture, $"p95 {p95:N0} ms (median {median:N0} ms)"),
                p95 < 200),
        };
        rows.AddRange(await new PageVersusStaticScenario(Name, PagePath).RunAsync(context));
        return rows;
    }
}
