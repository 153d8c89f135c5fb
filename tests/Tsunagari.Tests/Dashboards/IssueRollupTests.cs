using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Dashboards;
using Tsunagari.Web.Features.LocalIssues;

namespace Tsunagari.Tests.Dashboards;

public sealed class IssueRollupTests(TsunagariApp app) : AppTest(app)
{
    /// <summary>What the rollup must hold: every issue counted under its area and each ancestor, recomputed from scratch.</summary>
    private const string Mismatches = """
        WITH expected AS (
            SELECT anc.area_id, i.month, i.category_id, i.field, i.status, count(*)::int AS n
            FROM local_issues i JOIN areas leaf ON leaf.id = i.area_id
            CROSS JOIN LATERAL unnest(string_to_array(leaf.path, '.')::int[]) AS anc(area_id)
            GROUP BY 1, 2, 3, 4, 5),
        actual AS (SELECT area_id, month, category_id, field, status, issue_count AS n FROM issue_rollups WHERE issue_count <> 0)
        SELECT count(*) FROM ((SELECT * FROM expected EXCEPT SELECT * FROM actual) UNION ALL (SELECT * FROM actual EXCEPT SELECT * FROM expected)) d
        """;

    [Fact]
    public async Task Rollup_stays_exact_under_concurrent_inserts_updates_deletes_and_area_moves()
    {
        var areas = await App.SeedAreasAsync();
        int[] leaves = [areas["east-1"], areas["east-2"], areas["west-1"], areas["other-d"], areas["city"]];
        string[] statuses = [.. Enum.GetNames<IssueStatus>()];
        string[] fields = [.. Enum.GetNames<IssueField>()];
        await ExecuteAsync($"""
            INSERT INTO local_issues (id, category_id, field, area_id, month, summary, status, created_at, created_by, updated_at)
            SELECT gen_random_uuid(), 1 + g % 4, (ARRAY['Elderly','Children'])[1 + g % 2], (ARRAY[{string.Join(',', leaves)}])[1 + g % 5],
                   make_date(2025, 1 + g % 12, 1), 'seed', 'Open', now(), gen_random_uuid(), now()
            FROM generate_series(1, 400) g
            """);

        // Each statement locks its issues in id order first, as the app's one-issue-at-a-time writes never conflict: a
        // deadlock between two multi-row UPDATEs of local_issues would be this workload's own, not the rollup's.
        static string Locked(string select, string set) =>
            $"WITH t AS (SELECT id FROM local_issues WHERE id IN ({select}) ORDER BY id FOR UPDATE) UPDATE local_issues {set} WHERE id IN (SELECT id FROM t)";

        var failures = new List<Exception>();
        var workers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var random = new Random(1000 + worker);
            await using var connection = new NpgsqlConnection(App.ConnectionString);
            await connection.OpenAsync();
            for (var op = 0; op < 120; op++)
            {
                var area = leaves[random.Next(leaves.Length)];
                var sql = random.Next(6) switch
                {
                    0 => $"""
                        INSERT INTO local_issues (id, category_id, field, area_id, month, summary, status, created_at, created_by, updated_at)
                        SELECT gen_random_uuid(), {1 + random.Next(4)}, '{fields[random.Next(fields.Length)]}', {area},
                               make_date(2025, {1 + random.Next(12)}, 1), 'x', 'Open', now(), gen_random_uuid(), now()
                        FROM generate_series(1, {1 + random.Next(5)})
                        """,
                    1 => Locked($"SELECT id FROM local_issues WHERE area_id = {area} ORDER BY random() LIMIT {1 + random.Next(3)}", $"SET status = '{statuses[random.Next(statuses.Length)]}'"),
                    2 => Locked("SELECT id FROM local_issues ORDER BY random() LIMIT 1", $"SET area_id = {area}, category_id = {1 + random.Next(4)}"),
                    3 => Locked($"SELECT id FROM local_issues WHERE area_id = {area} AND category_id = {1 + random.Next(4)}", $"SET month = make_date(2025, {1 + random.Next(12)}, 1), field = '{fields[random.Next(fields.Length)]}'"),
                    4 => "WITH t AS (SELECT id FROM local_issues WHERE id IN (SELECT id FROM local_issues ORDER BY random() LIMIT 2) ORDER BY id FOR UPDATE) DELETE FROM local_issues WHERE id IN (SELECT id FROM t)",
                    _ => Locked($"SELECT id FROM local_issues WHERE area_id = {area}", "SET summary = 'changed'"),
                };
                try
                {
                    await using var command = new NpgsqlCommand(sql, connection);
                    await command.ExecuteNonQueryAsync();
                }
                catch (PostgresException e)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
                }
            }
        })).ToList();

        // Meanwhile an admin moves 東第二小学校区 under 西圏域 (the import rewrites the paths of the subtree).
        var east2 = areas["east-2"];
        workers.Add(Task.Run(() => ExecuteAsync($"""
            UPDATE areas SET parent_id = {areas["west"]}, path = (SELECT path FROM areas WHERE id = {areas["west"]}) || '.{east2}'
            WHERE id = {east2}
            """)));
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.Equal(0L, await ScalarAsync(Mismatches));
        Assert.Equal(await ScalarAsync("SELECT count(*) FROM local_issues"),
            await ScalarAsync($"SELECT coalesce(sum(issue_count), 0) FROM issue_rollups WHERE area_id = {areas["pref"]}"));
    }

    [Fact]
    public async Task Counts_of_a_subtree_are_summed_to_the_asked_level_and_months()
    {
        var areas = await App.SeedAreasAsync();
        await App.WithDbAsync(async db =>
        {
            void Add(string area, int month, IssueStatus status, int category = 1, int times = 1)
            {
                for (var i = 0; i < times; i++)
                {
                    db.Add(new LocalIssue
                    {
                        Id = Guid.NewGuid(), CategoryId = category, Field = IssueField.Elderly, AreaId = areas[area],
                        Month = new DateOnly(2026, month, 1), Summary = "集計テスト", Status = status, CreatedAt = DateTimeOffset.UtcNow,
                    });
                }
            }

            Add("east-1", 4, IssueStatus.Open, times: 3);
            Add("east-2", 4, IssueStatus.Resolved, times: 2);
            Add("east", 5, IssueStatus.Open, category: 2);
            Add("west-1", 4, IssueStatus.Open, times: 7);
            Add("other-d", 4, IssueStatus.Open, times: 9);
            Add("east-1", 9, IssueStatus.Open); // outside the range asked below
            await db.SaveChangesAsync();
        });

        var byDistrict = await CountsAsync(new IssueCountQuery(areas["city"], 2, new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), IssueDimensions.Area));
        Assert.Equal([(areas["east"], 6), (areas["west"], 7)], byDistrict.Select(c => (c.AreaId!.Value, c.Count)).OrderBy(x => x.Item1));

        var east = await CountsAsync(new IssueCountQuery(areas["east"], 3, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 1), IssueDimensions.Area | IssueDimensions.Status));
        Assert.Contains(new IssueCount(areas["east-1"], null, null, null, IssueStatus.Open, 4), east);
        Assert.Contains(new IssueCount(areas["east-2"], null, null, null, IssueStatus.Resolved, 2), east);
        Assert.DoesNotContain(east, c => c.AreaId == areas["west-1"] || c.AreaId == areas["east"]);

        var total = await CountsAsync(new IssueCountQuery(areas["city"], 1, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 1), IssueDimensions.None)
        {
            Statuses = [IssueStatus.Open],
        });
        Assert.Equal(10, Assert.Single(total).Count);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            CountsAsync(new IssueCountQuery(areas["east"], 1, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 1))));
    }

    private Task<IReadOnlyList<IssueCount>> CountsAsync(IssueCountQuery query) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<IssueRollupQueries>().CountsAsync(query, CancellationToken.None));

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
