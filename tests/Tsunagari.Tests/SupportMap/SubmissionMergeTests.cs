using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Tests.Places;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Audit;

namespace Tsunagari.Tests.SupportMap;

/// <summary>「既存の居場所と同じ」: a 助け合いの資源 / 集いの場 entry closed as a place that is already listed.</summary>
public sealed class SubmissionMergeTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task A_coordinator_closes_a_gathering_as_an_existing_place_audited_while_a_concern_can_never_be_merged()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var place = await App.AddPlaceAsync(world.Block, "東町ふれあい館");
        var hidden = await App.AddPlaceAsync(world.Areas["east-1"], "避難所", p => p.Visibility = PlaceVisibility.Hidden);
        var gathering = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Gathering, world.Areas["east-1"], "東会館で毎週お茶会があります");
        var concern = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Concern, world.Areas["east-1"], "一人暮らしの方が心配です");
        var coordinator = await App.SignedInAsync("east-sc@example.jp");

        var page = await coordinator.GetDocumentAsync($"/staff/submissions/{gathering}");
        Assert.Equal([place], Offered(page));
        var refused = await coordinator.PostFormAsync($"/staff/submissions/{gathering}", $"/staff/submissions/{gathering}/merge", new() { ["PlaceId"] = Id(hidden) });
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        var merged = await coordinator.PostFormAsync($"/staff/submissions/{gathering}", $"/staff/submissions/{gathering}/merge", new() { ["PlaceId"] = Id(place) });
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);

        var concernPage = await coordinator.GetDocumentAsync($"/staff/submissions/{concern}");
        Assert.Null(concernPage.QuerySelector("form[action$='/merge']"));
        var concernMerge = await coordinator.PostFormAsync($"/staff/submissions/{concern}", $"/staff/submissions/{concern}/merge", new() { ["PlaceId"] = Id(place) });
        Assert.Equal((HttpStatusCode)422, concernMerge.StatusCode);
        Assert.Contains("「気がかり」は居場所とまとめられません", await concernMerge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await App.WithDbAsync(async db =>
        {
            var closed = await db.Set<MapSubmission>().AsNoTracking().SingleAsync(s => s.Id == gathering);
            Assert.Equal((SubmissionStatus.Merged, (int?)place), (closed.Status, closed.MergedPlaceId));
            Assert.NotNull(closed.ProcessedAt);
            var open = await db.Set<MapSubmission>().AsNoTracking().SingleAsync(s => s.Id == concern);
            Assert.Equal((SubmissionStatus.New, (int?)null), (open.Status, open.MergedPlaceId));
            Assert.Equal(0, await db.Set<MapPoint>().CountAsync());
            var audit = await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == AuditActions.SubmissionMerged);
            Assert.Equal(gathering.ToString(), audit.SubjectId);
            Assert.Equal(world.Areas["east-1"], audit.AreaId);
            Assert.Equal($"place={place}", audit.Detail);
        });
        var again = await coordinator.PostFormAsync($"/staff/submissions/{gathering}", $"/staff/submissions/{gathering}/merge", new() { ["PlaceId"] = Id(place) });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await SupportMapWorld.CountAsync<AuditEntry>(App, q => q.Where(e => e.Action == AuditActions.SubmissionMerged)));
    }

    private static List<int> Offered(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("select[name=PlaceId] option").Select(o => o.GetAttribute("value")).Where(v => !string.IsNullOrEmpty(v))
            .Select(v => int.Parse(v!, CultureInfo.InvariantCulture)).ToList();

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
