using Tsunagari.Bench;

// ./tsunagari bench: runs the app as its own process on a fresh database, generates data at the scale of
// quality.md, measures every scenario in one run, prints one table and writes it to docs/benchmarks.md.
var context = await BenchContext.StartAsync(args);
await using (context)
{
    var places = new PlacesByAreaScenario();
    var meetings = new MeetingRegistrationScenario();
    IBenchScenario[] scenarios =
    [
        new PageVersusStaticScenario("Home page", "/"),
        places,
        new SalonMonthScenario(),
        meetings,
        new VolunteerListScenario(),
        new CoordinatorDashboardScenario(),
        new LighthouseScenario(
            ("home", () => "/"),
            ("居場所", () => places.PagePath),
            ("サロン", () => SalonMonthScenario.PagePath),
            ("タウンミーティング", () => meetings.PagePath),
            ("使い方 (やさしい日本語)", () => "/pages/how-to?lang=ja-easy")),
    ];

    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"[bench] seeding: {scenario.Name}");
        await scenario.SeedAsync(context);
    }

    var rows = new List<BenchRow>();
    foreach (var scenario in scenarios)
    {
        Console.Error.WriteLine($"[bench] measuring: {scenario.Name}");
        rows.AddRange(await scenario.RunAsync(context));
    }

    rows.Add(new BenchRow("App memory after the runs above", "< 400 MB RSS", $"{context.App.ResidentMegabytes():N0} MB", context.App.ResidentMegabytes() < 400));
    var report = BenchReport.Render(rows, context);
    Console.WriteLine(report);
    await BenchReport.WriteAsync(report, context);
    return rows.All(r => r.Passed) ? 0 : 1;
}
