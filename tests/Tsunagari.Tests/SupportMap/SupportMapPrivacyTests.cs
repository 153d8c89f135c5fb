using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Audit;

namespace Tsunagari.Tests.SupportMap;

/// <summary>The privacy model of product.md, end to end: who can read raw entries, what reaches the public and the council.</summary>
public sealed class SupportMapPrivacyTests(TsunagariApp app) : AppTest(app)
{
    // Planted personal data: none of it may leave the coordinator's view.
    private const string PlantedName = "緑川ハナコ";
    private const string PlantedPhone = "090-8765-4321";
    private const string PlantedAddress = "桜台3丁目12番7号";
    private const string PlantedEmail = "hanako.private@example.jp";
    private const string PlantedContact = "075-111-2222";
    private const double ExactLatitude = 35.681236;
    private const double ExactLongitude = 139.767125;

    private static readonly string[] Planted =
        [PlantedName, PlantedPhone, PlantedAddress, PlantedEmail, PlantedContact, "8765-4321", "35.681236", "139.767125", "3丁目12番"];

    [Fact]
    public async Task Planted_names_phones_and_addresses_never_reach_public_pages_the_api_or_the_council()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var text = $"{PlantedName}さん（{PlantedPhone}、{PlantedEmail}）の家、{PlantedAddress}で毎週お茶会をしています。";
        var resource = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Gathering, world.Areas["east-1"], text, PlantedContact, PlantedAddress, ExactLatitude, ExactLongitude);
        var concern = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Concern, world.Areas["east-1"], "気がかり：" + text, PlantedContact, PlantedAddress, ExactLatitude, ExactLongitude);
        await SupportMapWorld.SubmitAsync(App, SubmissionKind.Resource, world.Areas["west-1"], "未対応：" + text, PlantedContact, PlantedAddress);

        // The coordinator publishes the gathering at reduced precision and turns the concern into an issue.
        var coordinator = await App.SignedInAsync("east-sc@example.jp");
        var approve = await coordinator.PostFormAsync($"/staff/submissions/{resource}", $"/staff/submissions/{resource}/approve", new()
        {
            ["Name"] = "地域のお茶会", ["Description"] = "毎週だれでも参加できるお茶会です。",
            ["Latitude"] = "35.681236", ["Longitude"] = "139.767125", ["Precision"] = "Reduced",
        });
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var issue = await coordinator.PostFormAsync($"/staff/issues/new?from={concern}", "/staff/issues/new", new()
        {
            ["SubmissionIds"] = concern.ToString(), ["CategoryId"] = "3", ["Field"] = "Elderly", ["AreaId"] = world.Areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Month"] = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), ["Summary"] = "高齢の方の集まりの場が少なく、孤立が心配されている。",
            ["FormKey"] = Guid.NewGuid().ToString(), ["intent"] = "save",
        });
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);

        var council = await App.SignedInAsync("council@example.jp");
        var leaks = new List<string>();
        var routes = GetRoutesWithoutParameters();
        Assert.Contains("/map", routes);
        Assert.Contains("/api/v1/map/points", routes);
        foreach (var (who, client) in new[] { ("anonymous", App.Browser()), ("council", council) })
        {
            foreach (var route in routes)
            {
                var response = await client.GetAsync(route);
                var body = await response.Content.ReadAsStringAsync();
                leaks.AddRange(Planted.Where(p => body.Contains(p, StringComparison.Ordinal)).Select(p => $"{who} GET {route} ({(int)response.StatusCode}) shows {p}"));
            }

            // Raw entries by id, for the council too: 404, nothing shown.
            foreach (var route in new[] { $"/staff/submissions/{resource}", $"/staff/submissions/{concern}", $"/staff/issues/new?from={concern}" })
            {
                var response = await client.GetAsync(route);
                Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                leaks.AddRange(Planted.Where(p => body.Contains(p, StringComparison.Ordinal)).Select(p => $"{who} GET {route} shows {p}"));
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));

        // The public point exists, at ~500 m precision, and the concern is nowhere on the map.
        var points = await App.Browser().GetFromJsonAsync<JsonElement>("/api/v1/map/points");
        var point = Assert.Single(points.GetProperty("items").EnumerateArray());
        Assert.Equal("地域のお茶会", point.GetProperty("name").GetString());
        Assert.Equal("reduced", point.GetProperty("precision").GetString());
        Assert.Equal(35.68, point.GetProperty("latitude").GetDouble(), 3);
        Assert.Equal(139.765, point.GetProperty("longitude").GetDouble(), 3);
    }

    [Fact]
    public async Task Coordinators_of_other_areas_and_council_members_get_404_or_403_for_raw_entries()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var id = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Concern, world.Areas["east-2"], "夜道が暗くて心配です。");
        var west = await App.SignedInAsync("west-sc@example.jp");
        var council = await App.SignedInAsync("council@example.jp");

        Assert.Equal(HttpStatusCode.NotFound, (await west.GetAsync($"/staff/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await west.GetAsync($"/staff/issues/new?from={id}")).StatusCode);
        var reject = await west.PostFormAsync("/staff/submissions", $"/staff/submissions/{id}/reject", []);
        Assert.Equal(HttpStatusCode.NotFound, reject.StatusCode);
        var westList = await west.GetFromJsonAsync<JsonElement>("/api/v1/staff/submissions");
        Assert.Equal(0, westList.GetProperty("totalCount").GetInt32());
        var westIssue = await west.PostAsJsonAsync("/api/v1/staff/issues", new
        {
            categoryId = 1, field = "elderly", areaId = world.Areas["east-2"], month = "2026-01", summary = "買い物に困っている方がいる。", submissionIds = new[] { id },
        });
        Assert.Equal(HttpStatusCode.Forbidden, westIssue.StatusCode);

        var councilList = await council.GetAsync("/staff/submissions");
        Assert.Equal(HttpStatusCode.Redirect, councilList.StatusCode);
        Assert.StartsWith("/account/denied", councilList.Headers.Location!.IsAbsoluteUri ? councilList.Headers.Location.PathAndQuery : councilList.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await council.GetAsync("/api/v1/staff/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await council.GetAsync($"/staff/submissions/{id}")).StatusCode);

        // Nothing was read, so nothing was audited; the status is untouched.
        Assert.Equal(0, await SupportMapWorld.CountAsync<AuditEntry>(App, q => q.Where(e => e.Action == AuditActions.SubmissionRead)));
        Assert.Equal(1, await SupportMapWorld.CountAsync<MapSubmission>(App, q => q.Where(s => s.Status == SubmissionStatus.New)));
    }

    [Fact]
    public async Task Every_read_of_a_raw_entry_is_audited_and_the_audit_log_cannot_be_changed()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var first = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Concern, world.Areas["east-1"], "ひとりで買い物に行けない方がいます。");
        var second = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Resource, world.Areas["east-2"], "朝市で野菜を届けてくれるお店があります。");
        var coordinator = await App.SignedInAsync("east-sc@example.jp");

        var page = await coordinator.GetDocumentAsync($"/staff/submissions/{first}");
        Assert.Contains("ひとりで買い物に行けない方がいます。", page.QuerySelector(".raw-text")!.TextContent, StringComparison.Ordinal);
        var inbox = await coordinator.GetStringAsync("/staff/submissions");
        Assert.DoesNotContain("ひとりで買い物", inbox, StringComparison.Ordinal);
        var api = await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/staff/submissions");
        Assert.Equal(2, api.GetProperty("items").GetArrayLength());
        await coordinator.GetAsync($"/staff/issues/new?from={second}");

        var reads = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<AuditEntry>()
            .Where(e => e.Action == AuditActions.SubmissionRead).OrderBy(e => e.Id).ToListAsync());
        string[] expected =
        [
            $"{first} staff page", $"{first} GET /api/v1/staff/submissions", $"{second} GET /api/v1/staff/submissions", $"{second} issue form",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), reads.Select(r => $"{r.SubjectId} {r.Detail}").Order(StringComparer.Ordinal));
        Assert.All(reads, r => Assert.Equal("東 コーディネーター", r.ActorName));

        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        // Admins read the log.
        var admin = await App.SignedInAsync("admin@example.jp");
        var logResponse = await admin.GetAsync("/staff/admin/audit?op=submission.read");
        Assert.Equal(HttpStatusCode.OK, logResponse.StatusCode);
        var log = await logResponse.ReadDocumentAsync();
        Assert.Equal(4, log.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public async Task Reduced_precision_stores_and_shows_only_the_rounded_point()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var id = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Resource, world.Areas["west-1"], "自宅で子どもの勉強を見ています。", latitude: 35.658581, longitude: 139.745433);
        var west = await App.SignedInAsync("west-sc@example.jp");
        var response = await west.PostFormAsync($"/staff/submissions/{id}", $"/staff/submissions/{id}/approve", new()
        {
            ["Name"] = "子どもの学習支援", ["Latitude"] = "35.658581", ["Longitude"] = "139.745433", ["Precision"] = "Reduced",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var stored = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<MapPoint>().SingleAsync());
        Assert.Equal((35.66, 139.745), (stored.Latitude, stored.Longitude));
        var map = await App.Browser().GetStringAsync("/map");
        Assert.Contains("子どもの学習支援", map, StringComparison.Ordinal);
        Assert.DoesNotContain("35.658581", map, StringComparison.Ordinal);
        Assert.DoesNotContain("139.745433", map, StringComparison.Ordinal);
        Assert.Equal((35.66, 139.745), MapPoint.AtPrecision(35.6601, 139.7449, PointPrecision.Reduced));
        Assert.Equal((35.658581, 139.745433), MapPoint.AtPrecision(35.658581, 139.745433, PointPrecision.Exact));
    }

    [Fact]
    public async Task Concerns_can_never_be_published()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var id = await SupportMapWorld.SubmitAsync(App, SubmissionKind.Concern, world.Areas["east-1"], "ごみが道にあふれています。", latitude: 35.7, longitude: 139.7);
        var coordinator = await App.SignedInAsync("east-sc@example.jp");
        var response = await coordinator.PostFormAsync($"/staff/submissions/{id}", $"/staff/submissions/{id}/approve", new()
        {
            ["Name"] = "ごみ", ["Latitude"] = "35.7", ["Longitude"] = "139.7", ["Precision"] = "Exact",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, await SupportMapWorld.CountAsync<MapPoint>(App));

        // Even a bug in the app could not: the database refuses.
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE map_submissions SET status = 'Approved', processed_at = now() WHERE id = '{id}'", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("ck_map_submissions_concern_never_public", error.ConstraintName);
    }

    private List<string> GetRoutesWithoutParameters() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains('{', StringComparison.Ordinal)
                && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
