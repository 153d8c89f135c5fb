using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Tests.Places;
using Tsunagari.Tests.Volunteering;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Tests.CoordinatorDashboard;

/// <summary>Needs vs resources per 圏域 on a small, exactly known dataset: counts, per-1,000-65+ arithmetic, sorting, map.</summary>
public sealed class NeedsAndResourcesTests(TsunagariApp app) : AppTest(app)
{
    private const string Square = """{"type":"Polygon","coordinates":[[[139.0,35.0],[139.1,35.0],[139.1,35.1],[139.0,35.1],[139.0,35.0]]]}""";
    private const string Square2 = """{"type":"Polygon","coordinates":[[[139.1,35.0],[139.2,35.0],[139.2,35.1],[139.1,35.1],[139.1,35.0]]]}""";

    [Fact]
    public async Task Rows_count_needs_and_resources_per_thousand_people_aged_65_and_over()
    {
        var world = await DashboardWorld.CreateAsync(App);
        await App.WithDbAsync(async db =>
        {
            var east1 = await db.Areas.FindAsync(world.Areas["east-1"]);
            east1!.Population65 = 2000;
            east1.BoundaryGeoJson = Square;
            var east2 = await db.Areas.FindAsync(world.Areas["east-2"]);
            east2!.Population65 = null;
            east2.BoundaryGeoJson = Square2;
            await db.SaveChangesAsync();
        });

        // east-1: 5 issues this month (+1 two years ago, outside the range), 3 published places (+1 pending), 4 sessions
        // (+1 cancelled), 2 volunteers serving it (+1 not accepting introductions), 1 unfilled upcoming shift (+1 full).
        await world.AddIssuesAsync(App, "east-1", categoryId: 1, count: 5);
        await world.AddIssuesAsync(App, "east-1", categoryId: 1, count: 1, month: DashboardWorld.ThisMonth.AddYears(-2));
        await world.AddIssuesAsync(App, "east-2", categoryId: 3, count: 2);
        await world.AddIssuesAsync(App, "west-1", categoryId: 1, count: 9);
        for (var i = 0; i < 3; i++)
        {
            await App.AddPlaceAsync(world.Areas["east-1"], $"東の居場所{i}");
        }

        await App.AddPlaceAsync(world.Areas["east-1"], "承認前の居場所", p => p.Status = PlaceStatus.Pending);
        await App.AddPlaceAsync(world.Areas["east-2"], "東第二の居場所");
        await world.AddSalonWithSessionsAsync(App, "east-1", sessions: 4, cancelled: 1);
        await DashboardWorld.AddVolunteerAsync(App, "v1@example.jp", [world.Areas["east-1"]], [1, 2]);
        await DashboardWorld.AddVolunteerAsync(App, "v2@example.jp", [world.Areas["east-1"], world.Areas["east-2"]], [2]);
        await DashboardWorld.AddVolunteerAsync(App, "v3@example.jp", [world.Areas["east-1"]], [1], acceptsInvitations: false);
        await App.OpportunityAsync(world.Areas["east-1"], slots: 3);
        var (full, _) = await App.OpportunityAsync(world.Areas["east-1"], title: "満員の活動", slots: 1);
        await App.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"UPDATE volunteer_shifts SET confirmed_count = slots WHERE opportunity_id = {full}");
        });
        var coordinator = await App.SignedInAsync(DashboardWorld.EastCoordinator);

        var page = await coordinator.GetDocumentAsync($"/staff/dashboard/needs?area={world.Areas["east"]}&sort=places65&dir=desc");

        var rows = page.QuerySelectorAll("table.needs tbody tr")
            .Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["東小学校区", "2,000", "5", "2.5", "3", "1.5", "4", "2.0", "2", "1"], rows[0]);
        Assert.Equal(["東第二小学校区", "—", "2", "—", "1", "—", "0", "—", "1", "0"], rows[1]);
        var sorted = page.QuerySelector("table.needs th[aria-sort]")!;
        Assert.Equal("descending", sorted.GetAttribute("aria-sort"));
        Assert.Contains("dir=asc", sorted.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);

        // Volunteers by skill: only v1 has skill 1 among those accepting introductions.
        var skill1 = await coordinator.GetDocumentAsync($"/staff/dashboard/needs?area={world.Areas["east"]}&skillId=1&sort=name");
        Assert.Equal("1", skill1.QuerySelectorAll("table.needs tbody tr")[0].Children[8].TextContent.Trim());

        var map = page.QuerySelector("svg.choropleth")!;
        Assert.Equal("map-title map-desc", map.GetAttribute("aria-labelledby"));
        Assert.Equal(2, map.QuerySelectorAll("path").Length);
        Assert.Contains(map.QuerySelectorAll("path > title"), t => t.TextContent == "東第二小学校区：—");
        Assert.Equal("url(#nodata)", map.QuerySelectorAll("path").Single(p => p.QuerySelector("title")!.TextContent.StartsWith("東第二", StringComparison.Ordinal)).GetAttribute("fill"));
    }

    [Fact]
    public async Task An_area_without_boundaries_gets_the_table_only_and_a_bad_month_range_is_a_400_with_a_message()
    {
        var world = await DashboardWorld.CreateAsync(App);
        var coordinator = await App.SignedInAsync(DashboardWorld.EastCoordinator);

        var response = await coordinator.GetAsync($"/staff/dashboard/needs?area={world.Areas["east"]}&from=2026-09&to=2026-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("はじめの月が終わりの月より前", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("svg.choropleth"));
        Assert.Equal(2, page.QuerySelectorAll("table.needs tbody tr").Length);
    }
}
