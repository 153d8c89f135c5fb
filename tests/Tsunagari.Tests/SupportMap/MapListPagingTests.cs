using System.Net;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.SupportMap;

namespace Tsunagari.Tests.SupportMap;

/// <summary>The list under the map (the map's equivalent without JavaScript) comes in pages, so /map stays light.</summary>
public sealed class MapListPagingTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task The_map_list_shows_fifty_points_a_page_and_links_to_the_rest()
    {
        var areas = await App.SeedAreasAsync();
        var approver = await App.CreateUserAsync("approver@example.jp");
        const int points = MapPageViewModel.PageSize + 7;
        await App.WithDbAsync(async db =>
        {
            db.AddRange(Enumerable.Range(1, points).Select(i => new MapPoint
            {
                Id = Guid.NewGuid(), Kind = SubmissionKind.Gathering, Name = $"集いの場{i:00}", Latitude = 35.6 + i / 1000.0, Longitude = 139.7,
                Precision = PointPrecision.Exact, AreaId = areas["east-1"], ApprovedAt = DateTimeOffset.UtcNow, ApprovedBy = approver.Id,
            }));
            await db.SaveChangesAsync();
        });

        var client = App.Browser();
        var first = await client.GetDocumentAsync("/map");
        var names = first.QuerySelectorAll("tbody th[scope=row]").Select(th => th.TextContent).ToList();
        Assert.Equal(MapPageViewModel.PageSize, names.Count);
        var next = first.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!;
        var second = await client.GetDocumentAsync(next);
        names.AddRange(second.QuerySelectorAll("tbody th[scope=row]").Select(th => th.TextContent));
        Assert.Null(second.QuerySelector("nav.pager a[rel=next]"));
        Assert.Equal(Enumerable.Range(1, points).Select(i => $"集いの場{i:00}"), names.Order(StringComparer.Ordinal));
        Assert.NotNull(second.QuerySelector("form select#AreaId"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/map?page=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/map?page=0")).StatusCode);
    }
}
