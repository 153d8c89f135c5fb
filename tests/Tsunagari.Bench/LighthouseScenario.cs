using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tsunagari.Bench;

/// <summary>
/// Lighthouse (mobile, default throttling; pinned in .config/lighthouse; the median of 3 runs per page, each run's score
/// shown) against Debian's Chromium for the public pages
/// quality.md names: Performance ≥ 95, Accessibility 100, and the first-visit page weight ≤ 100 KB (Lighthouse's
/// total byte weight: everything transferred, compressed as sent; map tiles excluded as none are configured).
/// </summary>
public sealed class LighthouseScenario(params (string Name, Func<string> Path)[] targets) : IBenchScenario
{
    public string Name => "Lighthouse";

    public Task SeedAsync(BenchContext context) => Task.CompletedTask;

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var pages = targets.Select(t => (t.Name, Path: t.Path())).ToList();
        var tool = Path.Combine(context.RepositoryRoot, ".config", "lighthouse");
        var start = new ProcessStartInfo("node", [Path.Combine(tool, "audit.mjs"), .. pages.Select(p => new Uri(context.App.BaseAddress, p.Path).ToString())])
        {
            WorkingDirectory = tool,
            RedirectStandardOutput = true,
        };
        start.Environment["CHROME_PATH"] = Environment.GetEnvironmentVariable("TSUNAGARI_CHROMIUM") ?? "/usr/bin/chromium";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var rows = new List<BenchRow>();
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonSerializer.Deserialize<Result>(line, Json)!)
            .ToList();
        foreach (var (name, path) in pages)
        {
            var url = new Uri(context.App.BaseAddress, path).ToString();
            var result = results.FirstOrDefault(r => r.Url == url);
            if (result is null || result.RuntimeError is not null)
            {
                rows.Add(new BenchRow($"Lighthouse: {name} `{path}`", "runs", result?.RuntimeError ?? "no result", false));
                continue;
            }

            var kilobytes = (result.Bytes ?? double.NaN) / 1024;
            rows.Add(new BenchRow(
                $"Lighthouse mobile: {name} `{path}`",
                "Performance ≥ 95, Accessibility 100",
                string.Create(CultureInfo.InvariantCulture, $"Performance {result.Performance}{(result.Runs is { Length: > 1 } runs ? $" (median of {runs.Length} runs: {string.Join(", ", runs)})" : "")}, Accessibility {result.Accessibility}")
                    + (result.Failing.Length > 0 ? $" (failing: {string.Join(", ", result.Failing)})" : ""),
                result.Performance >= 95 && result.Accessibility == 100));
            rows.Add(new BenchRow(
                $"First-visit page weight: {name} `{path}`",
                "≤ 100 KB",
                string.Create(CultureInfo.InvariantCulture, $"{kilobytes:N1} KB"),
                kilobytes <= 100));
        }

        return rows;
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private sealed record Result(string Url, int Performance, int Accessibility, double? Bytes, string[] Failing, int[]? Runs, string? RuntimeError);
}
