namespace Tsunagari.Bench;

/// <summary>
/// Every timed bar of quality.md. A bar that no row of the run measured is added to the table as "not measured",
/// so a missing measurement shows instead of silently disappearing.
/// </summary>
public static class QualityBars
{
    private static readonly (string What, string Bar, Func<BenchRow, bool> MeasuredBy)[] All =
    [
        ("Data generation at the scale of quality.md", "< 3 min", r => r.What.StartsWith("Data generation", StringComparison.Ordinal)),
        ("Public page `/places?area=` vs static file, wrk -c64", "≥ 50% of static req/s, p99 < 50 ms", r => r.What.Contains("/places?area=", StringComparison.Ordinal) && r.What.Contains("wrk", StringComparison.Ordinal)),
        ("Public page `/salons?month=` vs static file, wrk -c64", "≥ 50% of static req/s, p99 < 50 ms", r => r.What.Contains("/salons?", StringComparison.Ordinal) && r.What.Contains("wrk", StringComparison.Ordinal)),
        ("Public page `/meetings/{id}` vs static file, wrk -c64", "≥ 50% of static req/s, p99 < 50 ms", r => r.What.Contains("/meetings/", StringComparison.Ordinal) && r.What.Contains("wrk", StringComparison.Ordinal)),
        ("Coordinator dashboard over the full data set", "p95 < 200 ms, cold cache included", r => r.What.Contains("oordinator dashboard", StringComparison.Ordinal)),
        ("Council dashboard over the full data set", "p95 < 200 ms, cold cache included", r => r.What.Contains("ouncil dashboard", StringComparison.Ordinal) || r.What.Contains("/council", StringComparison.Ordinal)),
        ("`/opendata/events.csv` (90 days)", "< 1 s, streamed", r => r.What.Contains("events.csv", StringComparison.Ordinal)),
        ("`/opendata/issues.csv`", "< 1 s, streamed", r => r.What.Contains("issues.csv", StringComparison.Ordinal)),
        ("500 concurrent registrations for a 30-seat meeting", "exactly 30 confirmed, 470 waitlisted, 0 errors, p99 < 500 ms", r => r.What.Contains("concurrent API registrations", StringComparison.Ordinal)),
        ("App memory under the load above", "< 400 MB RSS", r => r.What.StartsWith("App memory", StringComparison.Ordinal)),
        ("Page weight of any public page, first visit", "≤ 100 KB", r => r.What.StartsWith("First-visit page weight", StringComparison.Ordinal)),
        ("Lighthouse (mobile) on home, places, salons, a meeting", "Performance ≥ 95, Accessibility 100", r => r.What.StartsWith("Lighthouse", StringComparison.Ordinal)),
    ];

    /// <summary>The rows, followed by a "not measured" row for every bar none of them measured.</summary>
    public static List<BenchRow> Complete(IReadOnlyList<BenchRow> rows)
    {
        var complete = rows.ToList();
        complete.AddRange(All.Where(bar => !rows.Any(bar.MeasuredBy))
            .Select(bar => new BenchRow(bar.What, bar.Bar, "not measured", Passed: false) { NotMeasured = true }));
        return complete;
    }
}
