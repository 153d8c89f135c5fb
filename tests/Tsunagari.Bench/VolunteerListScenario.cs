using System.Globalization;
using Npgsql;

namespace Tsunagari.Bench;

/// <summary>
/// Volunteer search at the scale of quality.md (2,000 opportunities, 20,000 shifts): the public list filtered by skill
/// and the API list under wrk -c64. No bar of its own in quality.md; reported, and failed only on errors.
/// </summary>
public sealed class VolunteerListScenario : IBenchScenario
{
    public string Name => "Volunteer search";

    public async Task SeedAsync(BenchContext context)
    {
        if (context.Data is not null)
        {
            return; // the generated data set has the 2,000 opportunities and 20,000 shifts, spread over the 小学校区
        }

        await using var connection = await context.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO areas (id, code, name, level, depth, path, sort_order) VALUES (900001, 'bench-volunteer', 'ベンチ圏域', '日常生活圏域', 0, '900001', 0)
            ON CONFLICT DO NOTHING;
            INSERT INTO volunteer_opportunities (title, description, helps_whom, host_name, area_id, location_text, skill_ids, is_published, created_at)
            SELECT 'ボランティア募集 ' || g, '活動の説明です。', '地域の高齢の方', '社会福祉協議会', 900001, '公民館', ARRAY[(g % 10) + 1], true, now()
            FROM generate_series(1, 2000) g;
            INSERT INTO volunteer_shifts (opportunity_id, starts_at, ends_at, slots, confirmed_count)
            SELECT o.id, now() + make_interval(days => s, hours => o.id % 8), now() + make_interval(days => s, hours => o.id % 8 + 2), 5, s % 5
            FROM volunteer_opportunities o, generate_series(1, 10) s;
            ANALYZE volunteer_opportunities; ANALYZE volunteer_shifts;
            """, connection);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var rows = new List<BenchRow>();
        foreach (var path in new[] { "/volunteer?skill=2", "/api/v1/opportunities?skill=2&pageSize=20" })
        {
            await context.WrkAsync(path, seconds: 3);
            var result = await context.WrkAsync(path);
            rows.Add(new BenchRow(
                $"{Name} `{path}` (2,000 opportunities, 20,000 shifts), wrk -c64",
                "no errors (reported)",
                string.Create(CultureInfo.InvariantCulture, $"{result.RequestsPerSecond:N0} req/s, p99 {result.P99Ms:N1} ms"),
                result.Errors == 0));
        }

        return rows;
    }
}
