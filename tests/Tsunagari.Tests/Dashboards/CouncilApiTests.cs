using System.Net;
using System.Text.Json;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Dashboards;

public sealed class CouncilApiTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task A_council_member_of_one_district_gets_suppressed_counts_of_it_and_nothing_of_another()
    {
        var areas = await App.SeedAreasAsync();
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
            await db.SaveChangesAsync();
        });
        var member = await App.CreateUserAsync("council-east@example.jp");
        await App.GrantAsync(member, Roles.CouncilMember, areas["east"]);
        var client = await App.SignedInAsync("council-east@example.jp");

        var response = await client.GetAsync($"/api/v1/council/issues/summary?areaId={areas["east"]}&from=2026-01&to=2026-12");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("秘密の要約", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        var east1 = rows[0].GetProperty("counts");
        Assert.Equal("below-k", east1[0].GetProperty("mark").GetString());
        Assert.Equal(JsonValueKind.Null, east1[0].GetProperty("count").ValueKind);
        Assert.Equal("suppressed", east1[1].GetProperty("mark").GetString()); // 12 hidden so that 2 cannot be recovered
        Assert.Equal(31, json.RootElement.GetProperty("total").GetProperty("count").GetInt32());
        Assert.DoesNotContain("\"count\":2,", body, StringComparison.Ordinal);

        var other = await client.GetAsync($"/api/v1/council/issues/summary?areaId={areas["west"]}&from=2026-01&to=2026-12");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var bad = await client.GetAsync($"/api/v1/council/issues/summary?areaId={areas["east"]}&from=2026-13&to=x");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("YYYY-MM", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
