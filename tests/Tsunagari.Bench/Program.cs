using System.Globalization;
using Tsunagari.Bench;
using Tsunagari.Bench.Generator;

// ./tsunagari bench: runs the app as its own process on a fresh database, generates data at the scale of
// quality.md, measures every scenario in one run, prints one table and writes it to docs/benchmarks.md.
//   --generate-only   generate the data set, print the time per table, stop (docs/benchmarks.md is left alone)
//   --self-seeded     skip the generator: each scenario seeds its own small data (a quick run while developing)
//   --reuse-data      keep the database of the last run and its generated data (with TSUNAGARI_BENCH_DB pointing at a
//                     server that keeps it; ./tsunagari bench starts a throwaway one): a quick re-measure while developing
var generateOnly = args.Contains("--generate-only");
var selfSeeded = args.Contains("--self-seeded");
var reuseData = args.Contains("--reuse-data");
var context = await BenchContext.StartAsync(args);
await using (context)
{
    var rows = new List<BenchRow>();
    if (reuseData)
    {
        context.Data = BenchDataGenerator.Describe([]);
    }
    else if (!selfSeeded)
    {
        Console.Error.WriteLine("[bench] generating the data set of quality.md…");
        context.Data = await BenchDataGenerator.GenerateAsync(context.ConnectionString);
        var total = context.Data.Total;
        rows.Add(new BenchRow(
            string.Create(CultureInfo.InvariantCulture, $"Data generation at the scale of quality.md ({context.Data.Steps.Sum(s => s.Rows):N0} rows, per table below)"),
            "< 3 min",
            string.Create(CultureInfo.InvariantCulture, $"{total.TotalSeconds:N0} s{(Environment.GetEnvironmentVariable("TSUNAGARI_BENCH_NOTE") is { Length: > 0 } note ? $" ({note})" : "")}"),
            total < TimeSpan.FromMinutes(3)));
        if (generateOnly)
        {
            Console.WriteLine(BenchReport.Render(rows, context));
            return total < TimeSpan.FromMinutes(3) ? 0 : 1;
        }
    }

    var places = new PlacesByAreaScenario();
    var salons = new SalonMonthScenario();
    var meetings = new MeetingRegistrationScenario();
    IBenchScenario[] all =
    [
        new PageVersusStaticScenario("Home page", "/"),
        places,
        salons,
        meetings,
        new VolunteerListScenario(),
        new OpenDataScenario(),
        new CoordinatorDashboardScenario(),
        new LighthouseScenario(
            ("home", () => "/"),
            ("居場所", () => places.PagePath),
            ("サロン", () => salons.PagePath),
            ("タウンミーティング", () => meetings.PagePath),
            ("使い方 (やさしい日本語)", () => "/pages/how-to?lang=ja-easy")),
    ];

    // BENCH_ONLY=a,b runs only the scenarios whose names contain one of the words (a quick look while developing).
    var only = Environment.GetEnvironmentVariable("BENCH_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
    var scenarios = only.Length == 0 ? all : all.Where(s => only.Any(o => s.Name.Contains(o, StringComparison.OrdinalIgnoreCase))).ToArray();

    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"[bench] seeding: {scenario.Name}");
        await scenario.SeedAsync(context);
    }

    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"[bench] measuring: {scenario.Name}");
        rows.AddRange(await scenario.RunAsync(context));
    }

    var memory = context.App.ResidentMegabytes();
    rows.Add(new BenchRow("App memory after the runs above", "< 400 MB RSS", string.Create(CultureInfo.InvariantCulture, $"{memory:N0} MB"), memory < 400));
    rows = QualityBars.Complete(rows);
    var report = BenchReport.Render(rows, context);
    Console.WriteLine(report);
    await BenchReport.WriteAsync(report, context);
    return rows.All(r => r.Passed || r.NotMeasured) ? 0 : 1;
}
