using System.Net;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Tests.Places;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.SupportMap;

namespace Tsunagari.Tests.CoordinatorDashboard;

/// <summary>A coordinator of 東圏域 sees east's work and nothing of 西圏域, on every dashboard page; councils read only their own agenda.</summary>
public sealed class CoordinatorScopeTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Coordinator_of_east_sees_nothing_of_west_in_inbox_matrix_and_agenda()
    {
        var world = await DashboardWorld.CreateAsync(App);
        await world.AddIssuesAsync(App, "east-1", categoryId: 1, count: 3);
        await world.AddIssuesAsync(App, "east-2", categoryId: 2, count: 2);
        var westIssues = await world.AddIssuesAsync(App, "west-1", categoryId: 1, count: 7, summary: "西の地域だけの課題です。");
        await App.AddPlaceAsync(world.Areas["east-1"], "東の新しい居場所", p => p.Status = PlaceStatus.Pending);
        await App.AddPlaceAsync(world.Areas["west-1"], "西の新しい居場所1", p => p.Status = PlaceStatus.Pending);
        await App.AddPlaceAsync(world.Areas["west-1"], "西の新しい居場所2", p => p.Status = PlaceStatus.Pending);
        await SupportMapWorldSubmitAsync(world.Areas["west-1"]);
        var westAgenda = await world.AddAgendaItemAsync(App, "west", "西の買い物の議題", westIssues);
        var coordinator = await App.SignedInAsync(DashboardWorld.EastCoordinator);

        var home = await coordinator.GetDocumentAsync("/staff");
        var inbox = home.QuerySelectorAll(".inbox li").Select(li => li.TextContent).ToList();
        Assert.Contains(inbox, t => t.Contains("承認を待っている居場所", StringComparison.Ordinal) && t.Contains("1件", StringComparison.Ordinal));
        Assert.Contains(inbox, t => t.Contains("支え合いマップの新しい投稿", StringComparison.Ordinal) && t.Contains("0件", StringComparison.Ordinal));
        Assert.Contains(inbox, t => t.Contains("協議体の議題", StringComparison.Ordinal) && t.Contains("0件", StringComparison.Ordinal));

        var matrix = await coordinator.GetDocumentAsync("/staff/dashboard/issues");
        var headers = matrix.QuerySelectorAll("table.matrix")[0].QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Contains("東小学校区", headers);
        Assert.Contains("東第二小学校区", headers);
        Assert.DoesNotContain(headers, h => h.Contains('西'));
        Assert.Equal("5", matrix.QuerySelectorAll("table.matrix")[0].QuerySelectorAll("tfoot td.num")[^1].TextContent.Trim());

        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/staff?area={world.Areas["west"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/staff/dashboard/issues?area={world.Areas["west-1"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/staff/dashboard/needs?area={world.Areas["city"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/staff/agenda/{westAgenda}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/staff/agenda/new?area={world.Areas["west"]}")).StatusCode);
        var list = await coordinator.GetStringAsync("/staff/agenda");
        Assert.DoesNotContain("西の買い物の議題", list, StringComparison.Ordinal);
        var picker = await coordinator.GetStringAsync($"/staff/agenda/new?area={world.Areas["east"]}");
        Assert.DoesNotContain("西の地域だけの課題です。", picker, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Council_of_east_cannot_read_west_agenda_items_and_never_sees_issue_text()
    {
        var world = await DashboardWorld.CreateAsync(App);
        var eastIssues = await world.AddIssuesAsync(App, "east-1", categoryId: 1, count: 2, summary: "東の課題の中身です。");
        var westIssues = await world.AddIssuesAsync(App, "west-1", categoryId: 1, count: 2);
        var eastAgenda = await world.AddAgendaItemAsync(App, "east", "東の移動の議題", eastIssues);
        var westAgenda = await world.AddAgendaItemAsync(App, "west", "西の移動の議題", westIssues);
        var council = await App.SignedInAsync(DashboardWorld.EastCouncil);

        Assert.Equal(HttpStatusCode.NotFound, (await council.GetAsync($"/council/agenda/{westAgenda}")).StatusCode);
        var list = await council.GetStringAsync("/council/agenda");
        Assert.Contains("東の移動の議題", list, StringComparison.Ordinal);
        Assert.DoesNotContain("西の移動の議題", list, StringComparison.Ordinal);

        var page = await council.GetAsync($"/council/agenda/{eastAgenda}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("2件", html, StringComparison.Ordinal);
        Assert.DoesNotContain("東の課題の中身です。", html, StringComparison.Ordinal);

        // A council member is not a coordinator: the coordinator's pages stay closed.
        Assert.Equal(HttpStatusCode.NotFound, (await council.GetAsync($"/staff/agenda/{eastAgenda}")).StatusCode);
        var staffHome = await council.GetDocumentAsync("/staff");
        Assert.Empty(staffHome.QuerySelectorAll(".inbox"));
    }

    private async Task SupportMapWorldSubmitAsync(int areaId)
    {
        var response = await SupportMap.SupportMapWorld.SubmitOnPageAsync(App.Browser(), new()
        {
            ["Kind"] = SubmissionKind.Concern.ToString(),
            ["AreaId"] = areaId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Text"] = "西の地域で気になることがあります。",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
