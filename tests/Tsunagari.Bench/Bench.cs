using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Tsunagari.Bench;

/// <summary>One measured line of the report: what, the bar from quality.md, the measured value, pass or not.</summary>
public sealed record BenchRow(string What, string Bar, string Measured, bool Passed)
{
    /// <summary>A bar of quality.md no scenario measured in this run: shown as such, neither pass nor fail.</summary>
    public bool NotMeasured { get; init; }
}

/// <summary>A benchmark: seeds what it needs (bulk COPY), then measures against the running app.</summary>
public interface IBenchScenario
{
    string Name { get; }

    Task SeedAsync(BenchContext context);

    Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context);
}

/// <summary>The bench database, the app process and the tools every scenario uses.</summary>
public sealed class BenchContext : IAsyncDisposable
{
    private BenchContext(string repositoryRoot, string connectionString, AppProcess app)
    {
        RepositoryRoot = repositoryRoot;
        ConnectionString = connectionString;
        App = app;
        Http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public string RepositoryRoot { get; }

    public string ConnectionString { get; }

    public AppProcess App { get; }

    public HttpClient Http { get; }

    /// <summary>Fixed seed: every run generates the same data.</summary>
    public Random Random { get; } = new(20261123);

    /// <summary>
    /// The full-scale data set of quality.md when the run generated it (<see cref="Generator.BenchDataGenerator"/>);
    /// null when scenarios seed their own smaller data (<c>--self-seeded</c>).
    /// </summary>
    public Generator.GeneratedData? Data { get; set; }

    public static async Task<BenchContext> StartAsync(string[] args)
    {
        var server = Environment.GetEnvironmentVariable("TSUNAGARI_BENCH_DB")
            ?? throw new InvalidOperationException("TSUNAGARI_BENCH_DB is not set: run ./tsunagari bench.");
        var root = Environment.GetEnvironmentVariable("TSUNAGARI_ROOT") ?? Directory.GetCurrentDirectory();
        // TSUNAGARI_BENCH_DATABASE: another name when several people share one PostgreSQL server (the bench drops and recreates it).
        var database = Environment.GetEnvironmentVariable("TSUNAGARI_BENCH_DATABASE") is { Length: > 0 } name ? name : "tsunagari_bench";
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        if (!args.Contains("--reuse-data"))
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 100 }.ConnectionString;
        var app = await AppProcess.StartAsync(root, connectionString);
        return new BenchContext(root, connectionString, app);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs wrk against a path of the app: 2 threads, the given connections, 10 s by default.</summary>
    public Task<WrkResult> WrkAsync(string path, int connections = 64, int seconds = 10) =>
        Wrk.RunAsync(new Uri(App.BaseAddress, path), connections, seconds);

    /// <summary>Writes a static file of exactly <paramref name="bytes"/> bytes under wwwroot/_bench/ and returns its path.</summary>
    public string StaticFileOfSize(string name, int bytes)
    {
        var directory = Path.Combine(RepositoryRoot, "wwwroot", "_bench");
        Directory.CreateDirectory(directory);
        var content = new string('x', Math.Max(bytes, 1));
        File.WriteAllText(Path.Combine(directory, name), content);
        return "/_bench/" + name;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        var directory = Path.Combine(RepositoryRoot, "wwwroot", "_bench");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The published app running as its own process, as in production (Kestrel, Production environment).</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<AppProcess> StartAsync(string root, string connectionString)
    {
        var dll = Path.Combine(root, "src", "Tsunagari.Web", "bin", "Release", "net10.0", "Tsunagari.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build with -c Release first.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Tsunagari"] = connectionString;
        start.Environment["Database__SeedDemoData"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The bench is one client hammering the app: per-client limits would turn the load into 429s.
        start.Environment["RateLimits__PublicPostsPerMinute"] = "1000000";
        start.Environment["RateLimits__SignInPerMinute"] = "1000000";
        start.Environment["Email__Delivery"] = "Files";
        start.Environment["Email__PickupDirectory"] = Path.Combine(root, ".data", "bench-mail");
        // BENCH_APP_ENV="NAME=value|…" adds settings to the app's environment only (runtime knobs, app options) to compare.
        foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_APP_ENV") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals < 1)
            {
                throw new InvalidOperationException($"BENCH_APP_ENV: \"{pair}\" is not NAME=value (pairs are separated by |).");
            }

            start.Environment[pair[..equals]] = pair[(equals + 1)..];
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[app] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The app did not become healthy.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>CPU time (user + system) the app process has used so far, from /proc (10 ms resolution).</summary>
    public TimeSpan CpuTime() => ProcessCpu($"/proc/{_process.Id}/stat");

    /// <summary>CPU time every process on the machine has used so far (all cores, idle excluded), from /proc/stat.</summary>
    public static TimeSpan MachineCpuTime()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal …
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(busy / 100.0);
    }

    /// <summary>CPU time the machine's PostgreSQL processes (named <c>postgres</c>) have used so far, from /proc.</summary>
    public static TimeSpan DatabaseCpuTime()
    {
        var total = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "postgres")
                {
                    total += ProcessCpu(Path.Combine(directory, "stat"));
                }
            }
            catch (IOException)
            {
                // the process ended while being read
            }
        }

        return total;
    }

    private static TimeSpan ProcessCpu(string statPath)
    {
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields after the name: state(0) … utime(11) stime(12), in clock ticks (100 per second on Linux)
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Resident set size of the app process, from /proc.</summary>
    public double ResidentMegabytes()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(Regex.Match(status, @"\d+").Value, CultureInfo.InvariantCulture) / 1024.0;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

/// <summary>wrk (Debian's package) with <c>--latency</c>; its text output parsed.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        double Latency(string percentile)
        {
            var match = Regex.Match(output, $@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline);
            if (!match.Success)
            {
                return double.NaN;
            }

            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errorsMatch = Non2xx().Match(output);
        var errors = errorsMatch.Success ? long.Parse(errorsMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(rps, Latency("50"), Latency("99"), requests, errors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}

/// <summary>The one table: printed, and written to docs/benchmarks.md with the date and the machine.</summary>
public static class BenchReport
{
    public static string Render(IReadOnlyList<BenchRow> rows, BenchContext context)
    {
        var memory = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var gigabytes = long.Parse(Regex.Match(memory, @"\d+").Value, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        var lines = new List<string>
        {
            "# Benchmarks",
            "",
            $"Measured by `./tsunagari bench` on {DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)):yyyy-MM-dd HH:mm} JST, " +
            $"{Environment.ProcessorCount} cores, {gigabytes:N0} GB memory, PostgreSQL on the same machine. Bars: `../shared/design/quality.md`.",
            "",
            "| what | bar | measured | |",
            "|---|---|---|---|",
        };
        lines.AddRange(rows.Select(r => $"| {r.What} | {r.Bar} | {r.Measured} | {(r.NotMeasured ? "—" : r.Passed ? "pass" : "**FAIL**")} |"));
        lines.Add("");
        if (context.Data is { } data)
        {
            lines.Add("Data generated for this run (deterministic seed, `tests/Tsunagari.Bench/Generator`):");
            lines.Add("");
            lines.Add("| tables | rows | seconds |");
            lines.Add("|---|---|---|");
            lines.AddRange(data.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"| {s.Tables} | {s.Rows:N0} | {s.Elapsed.TotalSeconds:N1} |")));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| **total** | {data.Steps.Sum(s => s.Rows):N0} | {data.Total.TotalSeconds:N1} |"));
            lines.Add("");
        }

        lines.Add("The reliability, security and accessibility bars of quality.md are not timings: they are proven by `./tsunagari test` " +
            "(`Site/TwoInstanceTests`, `Site/DatabaseRestartTests`, `Site/BackupRestoreTests`, `Email/OutboxTests`, `Site/AuthorizationMatrixTests`, " +
            "`Site/BadInputTests`, `Site/StoredXssTests`, `PublicPagesAccessibilityTests` and the feature tests).");
        lines.Add("");
        return string.Join('\n', lines);
    }

    public static Task WriteAsync(string report, BenchContext context) =>
        File.WriteAllTextAsync(Path.Combine(context.RepositoryRoot, "docs", "benchmarks.md"), report);
}
