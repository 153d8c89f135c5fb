using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.CoordinatorDashboard;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Dashboards;

namespace Tsunagari.Tests.Dashboards;

public sealed class CouncilKpiTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task The_KPI_panel_counts_the_district_subtree_from_the_refreshed_rollup_and_a_volunteer_of_two_areas_once()
    {
        var world = await DashboardWorld.CreateAsync(App);
        for (var i = 0; i < 5; i++)
        {
            await world.AddSalonWithSessionsAsync(App, i % 2 == 0 ? "east-1" : "east-2", sessions: 2);
            await DashboardWorld.AddVolunteerAsync(App, $"both-{i}@example.jp", [world.Areas["east-1"], world.Areas["east-2"]], [1]);
        }

        await world.AddSalonWithSessionsAsync(App, "west-1", sessions: 3);
        await DashboardWorld.AddVolunteerAsync(App, "west@example.jp", [world.Areas["west-1"]], [1]);
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE salon_sessions SET attendance = 7"));
        var client = await App.SignedInAsync(DashboardWorld.EastCouncil);
        var period = $"from={DashboardWorld.MonthText(DashboardWorld.ThisMonth)}&to={DashboardWorld.MonthText(DashboardWorld.ThisMonth)}";

        // Never counted yet: the panel says so instead of showing zeros.
        var before = await client.GetStringAsync($"/council?{period}");
        Assert.Contains("この数字はまだ集計していません。", before, StringComparison.Ordinal);

        Assert.True(await RefreshAsync(maxAge: null));
        var html = await client.GetStringAsync($"/council?{period}");
        Assert.Contains("時点の集計です", html, StringComparison.Ordinal);
        Assert.Equal("5", Kpi(html, "拠点数（サロン）")); // the west salon is not 東's
        Assert.Equal("5", Kpi(html, "ボランティア登録数")); // not 10: each volunteer lists both east areas
        Assert.Equal("70", Kpi(html, "サロンの参加者数（期間中）")); // 5 salons × 2 sessions × 7, not the west's 21

        // Fresh numbers are not recounted on every tick, and nothing new shows until the next refresh.
        await DashboardWorld.AddVolunteerAsync(App, "late@example.jp", [world.Areas["east-1"]], [1]);
        Assert.False(await RefreshAsync(maxAge: TimeSpan.FromMinutes(10)));
        Assert.Equal("5", Kpi(await client.GetStringAsync($"/council?{period}"), "ボランティア登録数"));
        Assert.True(await RefreshAsync(maxAge: TimeSpan.Zero));
        Assert.Equal("6", Kpi(await client.GetStringAsync($"/council?{period}"), "ボランティア登録数"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/council?area={world.Areas["west"]}&{period}")).StatusCode);
    }

    private Task<bool> RefreshAsync(TimeSpan? maxAge) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<CouncilKpiRollup>().RefreshAsync(maxAge, CancellationToken.None));

    /// <summary>The shown value of one KPI: the text of the &lt;strong&gt; after its label.</summary>
    private static string Kpi(string html, string label)
    {
        var at = html.IndexOf($"<dt>{label}</dt>", StringComparison.Ordinal);
        Assert.True(at >= 0, $"KPI {label} is missing");
        var start = html.IndexOf("<strong>", at, StringComparison.Ordinal) + "<strong>".Length;
        return html[start..html.IndexOf("</strong>", start, StringComparison.Ordinal)];
    }
}
