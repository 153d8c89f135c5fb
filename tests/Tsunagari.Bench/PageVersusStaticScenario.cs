using System.Globalization;

namespace Tsunagari.Bench;

/// <summary>
/// A public page against a static file of the same size served by the same app in the same run (quality.md:
/// ≥ 50 % of the static file's requests/s, p99 &lt; 50 ms, under wrk -c64).
/// </summary>
public sealed class PageVersusStaticScenario(string name, string path) : IBenchScenario
{
    public string Name => name;

    public Task SeedAsync(BenchContext context) => Task.CompletedTask;

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var body = await context.Http.GetByteArrayAsync(path);
        var staticPath = context.StaticFileOfSize($"same-size-{body.Length}.html", body.Length);
        await context.WrkAsync(path, seconds: 3); // warm-up: JIT, connection pools, caches
        var page = await context.WrkAsync(path);
        var file = await context.WrkAsync(staticPath);
        var ratio = page.RequestsPerSecond / file.RequestsPerSecond;
        return
        [
            new BenchRow(
                $"{name} `{path}` ({body.Length:N0} B) vs static file of the same size, wrk -c64",
                "≥ 50% of static req/s",
                string.Create(CultureInfo.InvariantCulture, $"{ratio:P0} ({page.RequestsPerSecond:N0} vs {file.RequestsPerSecond:N0} req/s)"),
                ratio >= 0.5 && page.Errors == 0),
            new BenchRow(
                $"{name} `{path}` p99 latency, wrk -c64",
                "p99 < 50 ms",
                string.Create(CultureInfo.InvariantCulture, $"{page.P99Ms:N1} ms (p50 {page.P50Ms:N1} ms)"),
                page.P99Ms < 50),
        ];
    }
}
