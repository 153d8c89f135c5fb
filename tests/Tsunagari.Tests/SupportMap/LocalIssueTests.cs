using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Audit;

namespace Tsunagari.Tests.SupportMap;

/// <summary>地域課題: anonymized by construction (detector, reporting level, month) and kept when raw entries are purged.</summary>
public sealed class LocalIssueTests(TsunagariApp app) : AppTest(app)
{
    private static string Month => DateTime.UtcNow.AddHours(9).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_page_refuses_a_summary_with_personal_data_highlights_it_and_saves_the_rewrite_at_the_reporting_level()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var id = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Concern, world.Block, "田中さん（090-1111-2222）が一人で買い物に行けない。");
        var coordinator = await App.SignedInAsync("east-sc@example.jp");
        var form = await coordinator.GetDocumentAsync($"/staff/issues/new?from={id}");
        Assert.Equal(2, form.QuerySelectorAll(".raw-text mark.personal-data").Length);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["FormKey"] = form.QuerySelector("input[name=FormKey]")!.GetAttribute("value")!,
            ["SubmissionIds"] = id.ToString(), ["CategoryId"] = "1", ["Field"] = "Elderly",
            ["AreaId"] = form.QuerySelector("#AreaId option[selected]")!.GetAttribute("value")!,
            ["Month"] = form.QuerySelector("#Month")!.GetAttribute("value")!,
            ["Summary"] = "田中さんが一人で買い物に行けない。", ["intent"] = "save",
        };
        Assert.Equal(world.Block.ToString(CultureInfo.InvariantCulture), fields["AreaId"]);

        var refused = await coordinator.PostAsync("/staff/issues/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await refused.ReadDocumentAsync();
        Assert.Contains("個人が特定できる情報が1か所", page.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("田中さん", page.QuerySelector(".notice.error mark.personal-data")!.FirstChild!.TextContent);
        Assert.Equal(0, await SupportMapWorld.CountAsync<LocalIssue>(App));

        fields["Summary"] = "近所の高齢の方が、一人で買い物に行けずに困っている。";
        var saved = await coordinator.PostAsync("/staff/issues/new", new FormUrlEncodedContent(fields));
        var again = await coordinator.PostAsync("/staff/issues/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(saved.Headers.Location, again.Headers.Location);

        await App.WithDbAsync(async db =>
        {
            var issue = await db.Set<LocalIssue>().SingleAsync();
            Assert.Equal(world.Areas["east-1"], issue.AreaId); // 町丁目 → 小学校区
            Assert.Equal(1, issue.Month.Day);
            Assert.Equal(SubmissionStatus.Processed, (await db.Set<MapSubmission>().SingleAsync()).Status);
            Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.IssueCreated));
        });
    }

    [Fact]
    public async Task The_api_answers_422_with_the_findings_and_201_for_a_clean_summary()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var coordinator = await App.SignedInAsync("east-sc@example.jp");
        var request = new { categoryId = 5, field = "elderly", areaId = world.Areas["east-2"], month = Month, summary = "８５歳の父と暮らす方から、〒１２３－４５６７あてに相談があった。" };

        var refused = await coordinator.PostAsJsonAsync("/api/v1/staff/issues", request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["HouseholdAge", "PostalCode"], problem.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()!).Order(StringComparer.Ordinal));

        var created = await coordinator.PostAsJsonAsync("/api/v1/staff/issues", request with { summary = "80代の親と50代の子の世帯から、将来の生活について相談があった。" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issue = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("8050", issue.GetProperty("category").GetString());
        Assert.Equal(Month, issue.GetProperty("month").GetString());

        var list = await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/staff/issues");
        Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
        var badMonth = await coordinator.PostAsJsonAsync("/api/v1/staff/issues", request with { month = "2026-13", summary = "買い物が不便" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badMonth.StatusCode);
    }

    [Fact]
    public async Task Similar_issues_in_the_same_area_are_suggested_while_writing()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var coordinator = await App.SignedInAsync("east-sc@example.jp");
        foreach (var (area, summary) in new[]
        {
            (world.Areas["east-1"], "坂の上の地区で、高齢の方が買い物に行けずに困っている。"),
            (world.Areas["east-1"], "子ども会の役員のなり手がいない。"),
            (world.Areas["east-2"], "坂の上の地区で、高齢の方が買い物に行けずに困っている。"),
        })
        {
            var response = await coordinator.PostAsJsonAsync("/api/v1/staff/issues", new { categoryId = 1, field = "elderly", areaId = area, month = Month, summary });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var fragment = await coordinator.GetDocumentAsync($"/staff/issues/similar?areaId={world.Block}&categoryId=1&text=" + Uri.EscapeDataString("高齢の方が買い物に困っている"));
        var items = fragment.QuerySelectorAll("li");
        var item = Assert.Single(items);
        Assert.Contains("買い物に行けずに", item.TextContent, StringComparison.Ordinal);

        var west = await App.SignedInAsync("west-sc@example.jp");
        Assert.Equal(HttpStatusCode.NotFound, (await west.GetAsync($"/staff/issues/similar?areaId={world.Areas["east-1"]}&text=x")).StatusCode);
    }

    [Fact]
    public async Task Purge_empties_raw_fields_of_processed_entries_after_the_retention_period_and_never_touches_unprocessed_ones()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var now = DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture);
        MapSubmission Entry(string text, SubmissionStatus status, int processedDaysAgo) => new()
        {
            Id = Guid.NewGuid(), Kind = SubmissionKind.Concern, Source = SubmissionSource.Web, Status = status, AreaId = world.Areas["east-1"],
            Text = text, Contact = "090-0000-0000", AddressText = "東1-2-3", Latitude = 35.1, Longitude = 139.1,
            SubmittedAt = now.AddDays(-200), ProcessedAt = status == SubmissionStatus.New ? null : now.AddDays(-processedDaysAgo),
        };
        await App.WithDbAsync(async db =>
        {
            db.AddRange(
                Entry("old processed", SubmissionStatus.Processed, 91),
                Entry("old rejected", SubmissionStatus.Rejected, 120),
                Entry("recent processed", SubmissionStatus.Processed, 89),
                Entry("old but never processed", SubmissionStatus.New, 0));
            db.Add(new LocalIssue { Id = Guid.NewGuid(), CategoryId = 1, Field = IssueField.Elderly, AreaId = world.Areas["east-1"], Month = new DateOnly(2026, 6, 1), Summary = "買い物が不便", CreatedAt = now });
            await db.SaveChangesAsync();
        });

        var purged = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TsunagariDbContext>();
            var clock = new FakeTimeProvider(now);
            return await new PurgeRawSubmissions(db, sp.GetRequiredService<IOptions<SupportMapOptions>>(), new AuditLog(db, clock), clock).HandleAsync(CancellationToken.None);
        });

        Assert.Equal(2, purged);
        await App.WithDbAsync(async db =>
        {
            var rows = await db.Set<MapSubmission>().AsNoTracking().ToListAsync();
            var emptied = rows.Where(r => r.PurgedAt is not null).ToList();
            Assert.Equal(2, emptied.Count);
            Assert.All(emptied, r => Assert.True(r.Text is null && r.Contact is null && r.AddressText is null && r.Latitude is null && r.Longitude is null));
            Assert.Equal(["old but never processed", "recent processed"], rows.Where(r => r.PurgedAt is null).Select(r => r.Text!).Order(StringComparer.Ordinal));
            Assert.All(rows.Where(r => r.PurgedAt is null), r => Assert.Equal("090-0000-0000", r.Contact));
            Assert.Equal(1, await db.Set<LocalIssue>().CountAsync());
            Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.SubmissionsPurged));
        });
    }
}
