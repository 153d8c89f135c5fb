using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Dashboards;

public sealed class CouncilDashboardTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task The_council_page_pack_and_csv_show_suppressed_counts_of_its_own_district_only_and_never_issue_text()
    {
        var (areas, westName, level) = await SeedAsync();
        var member = await App.CreateUserAsync("council-east@example.jp");
        await App.GrantAsync(member, Roles.CouncilMember, areas["east"]);
        var client = await App.SignedInAsync("council-east@example.jp");
        const string period = "from=2026-01&to=2026-12";

        var page = await client.GetAsync($"/council?{period}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("5未満", html, StringComparison.Ordinal); // east-1 has 2 issues of category 1
        Assert.Contains("秘匿", html, StringComparison.Ordinal); // and its 12 of category 2 are hidden so the 2 cannot be recovered
        Assert.Contains(">31<", html, StringComparison.Ordinal); // the grand total is safe to publish
        Assert.Contains("拠点数（居場所）", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("秘密の要約", html, StringComparison.Ordinal);
        Assert.DoesNotContain(westName, html, StringComparison.Ordinal);
        Assert.DoesNotContain(">12<", html, StringComparison.Ordinal);

        var csv = await client.GetAsync($"/council/issues.csv?{period}");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Contains("5未満", text, StringComparison.Ordinal);
        Assert.DoesNotContain("秘密の要約", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",12,", text, StringComparison.Ordinal);

        var pack = await client.GetAsync($"/council/pack?{period}");
        Assert.Equal(HttpStatusCode.OK, pack.StatusCode);
        Assert.Contains("協議体の会議資料", await pack.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/council?area={areas["west"]}&{period}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/council/issues.csv?area={areas["west"]}&{period}")).StatusCode);
        var badPeriod = await client.GetAsync("/council?from=2026-13&to=x");
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Contains("60か月以内で指定してください", await badPeriod.Content.ReadAsStringAsync(), StringComparison.Ordinal); // on the page, above the form
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/council/issues.csv?from=2026-13")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/council?from=2020-01&to=2026-01")).StatusCode);

        // Anyone can download the open data: the same suppression, at the reporting level, no text.
        var open = await App.CreateClient().GetAsync($"/opendata/issues.csv?level={level}&from=2026-04&to=2026-04");
        var openText = await open.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.StartsWith("text/csv", open.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("5未満", openText, StringComparison.Ordinal);
        Assert.Contains("秘匿", openText, StringComparison.Ordinal);
        Assert.DoesNotContain("秘密の要約", openText, StringComparison.Ordinal);
        Assert.DoesNotContain(",2\r\n", openText, StringComparison.Ordinal);
        // The second download comes from the output cache and is the whole file too (it once came back empty).
        Assert.Equal(openText, await App.CreateClient().GetStringAsync($"/opendata/issues.csv?level={level}&from=2026-04&to=2026-04"));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.CreateClient().GetAsync("/opendata/issues.csv?from=2026-13")).StatusCode);
    }

    [Fact]
    public async Task The_council_page_and_its_csv_read_in_english_marks_months_and_statuses_included()
    {
        var (areas, _, _) = await SeedAsync();
        var member = await App.CreateUserAsync("council-east@example.jp");
        await App.GrantAsync(member, Roles.CouncilMember, areas["east"]);
        var client = await App.SignedInAsync("council-east@example.jp");

        var page = await client.GetDocumentAsync("/council?from=2026-01&to=2026-12&lang=en");
        var text = page.QuerySelector("main")!.TextContent;
        Assert.StartsWith("Community council dashboard:", page.QuerySelector("main h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("<5", text, StringComparison.Ordinal);
        Assert.Contains("hidden", text, StringComparison.Ordinal);
        Assert.Contains("Apr 2026", text, StringComparison.Ordinal);
        Assert.Contains("Under consideration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("未満", text, StringComparison.Ordinal);
        Assert.DoesNotContain("秘匿", text, StringComparison.Ordinal);

        // The language cookie carries over to the download.
        var csv = await client.GetStringAsync("/council/issues.csv?from=2026-01&to=2026-12");
        Assert.Contains(",<5,", csv, StringComparison.Ordinal);
        Assert.Contains("Total", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("合計", csv, StringComparison.Ordinal);
    }

    private async Task<(Dictionary<string, int> Areas, string WestName, int Level)> SeedAsync()
    {
        var areas = await App.SeedAreasAsync();
        var westName = "";
        var level = 0;
        await App.WithDbAsync(async db =>
        {
            void Add(string area, int category, int times)
            {
                for (var i = 0; i < times; i++)
                {
                    db.Add(new LocalIssue
                    {
                        Id = Guid.NewGuid(), CategoryId = category, Field = IssueField.Elderly, AreaId = areas[area],
                        Month = new DateOnly(2026, 4, 1), Summary = "ZZ-秘密の要約-ZZ", Status = IssueStatus.Open, CreatedAt = DateTimeOffset.UtcNow,
                    });
                }
            }

            Add("east-1", 1, 2);
            Add("east-1", 2, 12);
            Add("east-2", 1, 9);
            Add("east-2", 2, 8);
            Add("west", 1, 6);
            await db.SaveChangesAsync();
            westName = await db.Areas.Where(a => a.Id == areas["west"]).Select(a => a.Name).SingleAsync();
            level = await db.Areas.Where(a => a.Id == areas["east-1"]).Select(a => a.Depth).SingleAsync();
        });
        return (areas, westName, level);
    }
}
