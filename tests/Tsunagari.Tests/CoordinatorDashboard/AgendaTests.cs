using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Tests.Places;
using Tsunagari.Web.Features.Agenda;
using Tsunagari.Web.Infrastructure.Audit;

namespace Tsunagari.Tests.CoordinatorDashboard;

/// <summary>The agenda builder: need → agenda → resource → follow-up, checked for personal data, one record per submit.</summary>
public sealed class AgendaTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task An_agenda_item_with_a_phone_number_and_a_name_is_refused_and_nothing_is_saved()
    {
        var world = await DashboardWorld.CreateAsync(App);
        var issues = await world.AddIssuesAsync(App, "east-1", categoryId: 1, count: 2);
        var coordinator = await App.SignedInAsync(DashboardWorld.EastCoordinator);
        var fields = await NewFormAsync(coordinator, world.Areas["east"]);
        fields["Description"] = "田中さん（０９０－１２３４－５６７８）から、買い物の相談がありました。";

        var refused = await coordinator.PostAsync("/staff/agenda/new", Encode(fields));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await refused.ReadDocumentAsync();
        Assert.Contains("個人が特定できる情報が2か所あります", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Description", page.QuerySelector("[role=alert] a")!.GetAttribute("href"));
        Assert.Equal(issues.Count, page.QuerySelectorAll("input[name=IssueIds][checked]").Length);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Set<AgendaItem>().CountAsync());
            Assert.Equal(0, await db.Set<AgendaIssue>().CountAsync());
            Assert.Equal(0, await db.Set<AuditEntry>().CountAsync(e => e.Action == AgendaAudit.Created));
        });
    }

    [Fact]
    public async Task Need_becomes_an_agenda_item_then_a_resource_then_a_follow_up_that_the_council_reads()
    {
        var world = await DashboardWorld.CreateAsync(App);
        await world.AddIssuesAsync(App, "east-1", categoryId: 1, count: 2, summary: "近所に買い物に行ける店がなく困っている。");
        await world.AddIssuesAsync(App, "east-2", categoryId: 1, count: 1, summary: "近所に買い物に行ける店がなく困っている。");
        await world.AddIssuesAsync(App, "east-2", categoryId: 2, count: 4, summary: "ほかの分類の課題。");
        var place = await App.AddPlaceAsync(world.Areas["east-1"], "東のお買い物サロン");
        var coordinator = await App.SignedInAsync(DashboardWorld.EastCoordinator);

        // Need: the matrix links each category to a prefilled agenda form.
        var matrix = await coordinator.GetDocumentAsync("/staff/dashboard/issues");
        var bundle = matrix.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Single(h => h.StartsWith("/staff/agenda/new?", StringComparison.Ordinal) && h.Contains("categoryId=1", StringComparison.Ordinal));
        var form = await coordinator.GetDocumentAsync(bundle);
        var fields = FormFields(form);
        Assert.Equal(3, fields.Count(f => f.Key.StartsWith("IssueIds", StringComparison.Ordinal)));

        // Agenda: a double submit creates one item.
        var content = Encode(fields, ("Title", "買い物の足りない地区の支え方"), ("MeetingDate", DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Description", "東圏域では、近くに店がなく買い物に困る声が続いています。移動販売や送迎を話し合いたい。"));
        var created = await coordinator.PostAsync("/staff/agenda/new", content);
        var again = await coordinator.PostAsync("/staff/agenda/new", Encode(fields, ("Title", "買い物の足りない地区の支え方"), ("MeetingDate", DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Description", "東圏域では、近くに店がなく買い物に困る声が続いています。移動販売や送迎を話し合いたい。")));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(created.Headers.Location, again.Headers.Location);
        var itemUrl = created.Headers.Location!.OriginalString;
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Set<AgendaItem>().CountAsync()));

        // Resource: link the place that came out of it.
        var linked = await coordinator.PostFormAsync(itemUrl, itemUrl + "/resources", new() { ["Resource"] = $"Place-{place}" });
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);

        // Status: optimistic concurrency — the second change from the same (now stale) page is refused.
        var details = await coordinator.GetDocumentAsync(itemUrl);
        var version = details.QuerySelector("form[action$='/status'] input[name=Version]")!.GetAttribute("value")!;
        var changed = await coordinator.PostFormAsync(itemUrl, itemUrl + "/status", new() { ["Status"] = "BuildingResources", ["Version"] = version, ["FormKey"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var stale = await coordinator.PostFormAsync(itemUrl, itemUrl + "/status", new() { ["Status"] = "Dropped", ["Version"] = version, ["FormKey"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        // Follow-up: a dated note; one with a name is refused.
        var refusedNote = await coordinator.PostFormAsync(itemUrl, itemUrl + "/follow-ups", new() { ["Note"] = "佐藤様のお宅で打ち合わせ。", ["FormKey"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedNote.StatusCode);
        var note = await coordinator.PostFormAsync(itemUrl, itemUrl + "/follow-ups", new() { ["Note"] = "移動販売の事業者と相談を始めました。", ["FormKey"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);

        await App.WithDbAsync(async db =>
        {
            var item = await db.Set<AgendaItem>().SingleAsync();
            Assert.Equal(AgendaStatus.BuildingResources, item.Status);
            Assert.Equal(3, item.IssueCount);
            Assert.Equal(3, await db.Set<AgendaIssue>().CountAsync());
            Assert.Equal(2, await db.Set<AgendaFollowUp>().CountAsync());
            Assert.Equal(place, (await db.Set<AgendaResource>().SingleAsync()).PlaceId);
            Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == AgendaAudit.StatusChanged));
        });

        // The council reads the whole chain, with the number of issues and never their text.
        var council = await App.SignedInAsync(DashboardWorld.EastCouncil);
        var list = await council.GetDocumentAsync("/council/agenda");
        var councilUrl = list.QuerySelector("table a")!.GetAttribute("href")!;
        var read = await council.GetDocumentAsync(councilUrl);
        var text = read.Body!.TextContent;
        Assert.Contains("資源づくり中", read.QuerySelector(".agenda-status")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("3件", text, StringComparison.Ordinal);
        Assert.Equal($"/places/{place}", read.QuerySelector("#resources-heading ~ ul a")!.GetAttribute("href"));
        Assert.Contains("移動販売の事業者と相談を始めました。", text, StringComparison.Ordinal);
        Assert.DoesNotContain("近所に買い物に行ける店がなく困っている。", text, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> NewFormAsync(HttpClient client, int areaId)
    {
        var form = await client.GetDocumentAsync($"/staff/agenda/new?area={areaId}&all=true");
        var fields = FormFields(form).ToDictionary(f => f.Key, f => f.Value);
        fields["Title"] = "買い物の困りごと";
        fields["MeetingDate"] = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return fields.Where(f => !f.Key.StartsWith("IssueIds", StringComparison.Ordinal)).Concat(
            FormFields(form).Where(f => f.Key.StartsWith("IssueIds", StringComparison.Ordinal))).ToDictionary(f => f.Key, f => f.Value);
    }

    /// <summary>The posted fields of the agenda form; repeated IssueIds get unique keys "IssueIds#n" for the dictionary.</summary>
    private static List<KeyValuePair<string, string>> FormFields(IHtmlDocument page)
    {
        var form = page.QuerySelector("form[method=post][action='/staff/agenda/new']")!;
        var result = new List<KeyValuePair<string, string>>();
        var n = 0;
        foreach (var input in form.QuerySelectorAll("input[name]"))
        {
            var name = input.GetAttribute("name")!;
            var type = input.GetAttribute("type");
            if (type == "checkbox")
            {
                if (input.HasAttribute("checked"))
                {
                    result.Add(new($"{name}#{n++}", input.GetAttribute("value")!));
                }

                continue;
            }

            result.Add(new(name, input.GetAttribute("value") ?? ""));
        }

        return result;
    }

    private static FormUrlEncodedContent Encode(IEnumerable<KeyValuePair<string, string>> fields, params (string Name, string Value)[] more) =>
        new(fields.Where(f => !more.Any(m => m.Name == f.Key)).Select(f => new KeyValuePair<string, string>(f.Key.Split('#')[0], f.Value))
            .Concat(more.Select(m => new KeyValuePair<string, string>(m.Name, m.Value))));
}
