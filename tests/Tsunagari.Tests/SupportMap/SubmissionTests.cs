using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Tests.SupportMap;

/// <summary>Entries from residents (page and API) and from coordinators (phone, paper, meetings).</summary>
public sealed class SubmissionTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task A_resident_without_an_account_sends_a_concern_by_area_and_the_same_form_sent_twice_stores_one_entry()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var client = App.Browser();
        var page = await client.GetDocumentAsync("/map");
        var formToken = page.QuerySelector("input[name=formToken]")!.GetAttribute("value")!;
        Dictionary<string, string> Fields() => new() { ["Kind"] = "Concern", ["AreaId"] = world.Areas["west-1"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["Text"] = "坂の上の家の方が買い物に困っています。" };

        var first = await SupportMapWorld.SubmitOnPageAsync(client, Fields(), formToken);
        var second = await SupportMapWorld.SubmitOnPageAsync(client, Fields(), formToken);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("/map/thanks?kind=concern", first.Headers.Location!.OriginalString);
        var thanks = await client.GetDocumentAsync("/map/thanks?kind=concern");
        Assert.Contains("公開しません", thanks.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var stored = await db.Set<MapSubmission>().SingleAsync();
            Assert.Equal((SubmissionKind.Concern, SubmissionSource.Web, SubmissionStatus.New, world.Areas["west-1"]), (stored.Kind, stored.Source, stored.Status, stored.AreaId));
            Assert.Null(stored.SubmittedBy);
            Assert.NotNull(stored.ConsentedAt);
        });
    }

    [Fact]
    public async Task Missing_consent_text_or_area_is_explained_on_the_page_and_nothing_is_saved()
    {
        await SupportMapWorld.CreateAsync(App);
        var response = await SupportMapWorld.SubmitOnPageAsync(App.Browser(), new() { ["Kind"] = "Resource", ["Text"] = " ", ["Consent"] = "false" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var summary = page.QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.Contains("同意", summary, StringComparison.Ordinal);
        Assert.Contains("内容を入力してください", summary, StringComparison.Ordinal);
        Assert.Contains("地域を選んでください", summary, StringComparison.Ordinal);
        Assert.Equal(0, await SupportMapWorld.CountAsync<MapSubmission>(App));
    }

    [Fact]
    public async Task A_bot_that_fills_the_honeypot_sees_thanks_but_nothing_is_stored()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var response = await SupportMapWorld.SubmitOnPageAsync(App.Browser(), new()
        {
            ["Kind"] = "Resource", ["AreaId"] = world.Areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["Text"] = "安いお薬 http://spam.example", ["website"] = "http://spam.example",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await SupportMapWorld.CountAsync<MapSubmission>(App));

        var tampered = await SupportMapWorld.SubmitOnPageAsync(App.Browser(), new()
        {
            ["Kind"] = "Resource", ["AreaId"] = world.Areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["Text"] = "本文",
        }, reuseFormToken: "forged");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(0, await SupportMapWorld.CountAsync<MapSubmission>(App));
    }

    [Fact]
    public void A_form_sent_faster_than_a_person_can_type_is_refused_and_an_old_one_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = new SubmissionFormToken(new SignedLinks(new EphemeralDataProtectionProvider(), clock), clock,
            Options.Create(new SupportMapOptions { MinFillSeconds = 3 }));
        var token = tokens.Create();

        Assert.IsType<SubmissionFormToken.Outcome.TooFast>(tokens.Check(token));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.IsType<SubmissionFormToken.Outcome.Valid>(tokens.Check(token));
        clock.Advance(TimeSpan.FromHours(7));
        Assert.IsType<SubmissionFormToken.Outcome.Expired>(tokens.Check(token));
    }

    [Fact]
    public async Task The_api_accepts_a_point_inside_an_area_and_answers_bad_input_with_problem_details()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE areas SET boundary_geo_json = '{{\"type\":\"Polygon\",\"coordinates\":[[[139.0,35.0],[140.0,35.0],[140.0,36.0],[139.0,36.0],[139.0,35.0]]]}}'::jsonb WHERE id = {world.Areas["east-2"]}"));
        var client = App.Browser();
        client.DefaultRequestHeaders.Add("Idempotency-Key", "retry-1");

        var ok = await client.PostAsJsonAsync("/api/v1/map/submissions", new { kind = "gathering", latitude = 35.5, longitude = 139.5, text = "公園で朝の体操", consent = true });
        var retry = await client.PostAsJsonAsync("/api/v1/map/submissions", new { kind = "gathering", latitude = 35.5, longitude = 139.5, text = "公園で朝の体操", consent = true });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), body.GetProperty("id").GetGuid());
        Assert.False(body.TryGetProperty("text", out _));
        await App.WithDbAsync(async db => Assert.Equal(world.Areas["east-2"], (await db.Set<MapSubmission>().SingleAsync()).AreaId));

        var fresh = App.Browser();
        async Task<HttpStatusCode> Post(object request) => (await fresh.PostAsJsonAsync("/api/v1/map/submissions", request)).StatusCode;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post(new { kind = "rumour", areaId = world.Areas["east-1"], text = "x", consent = true }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post(new { kind = "concern", areaId = world.Areas["east-1"], text = "x", consent = false }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post(new { kind = "concern", latitude = 10.0, longitude = 10.0, text = "x", consent = true }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post(new { kind = "concern", areaId = 999999, text = "x", consent = true }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(new { kind = "concern", areaId = world.Areas["east-1"], text = new string('あ', 2001), consent = true }));
        var broken = await fresh.PostAsync("/api/v1/map/submissions", new StringContent("{\"kind\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await SupportMapWorld.CountAsync<MapSubmission>(App));
    }

    [Fact]
    public async Task A_coordinator_types_in_a_paper_sheet_of_several_entries_once_even_if_sent_twice()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        var coordinator = await App.SignedInAsync("east-sc@example.jp");
        var page = await coordinator.GetDocumentAsync("/staff/submissions/new");
        var batchKey = page.QuerySelector("input[name=BatchKey]")!.GetAttribute("value")!;
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var east1 = world.Areas["east-1"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["BatchKey"] = batchKey, ["Source"] = "Paper", ["ReceivedOn"] = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Rows[0].Kind"] = "Resource", ["Rows[0].AreaId"] = east1, ["Rows[0].Text"] = "米屋さんが配達のついでに声をかけている",
            ["Rows[1].Kind"] = "Gathering", ["Rows[1].AreaId"] = east1, ["Rows[1].Text"] = "神社の境内で朝の体操",
            ["Rows[2].Kind"] = "Concern", ["Rows[2].AreaId"] = world.Areas["east-2"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["Rows[2].Text"] = "バス停にベンチがない",
        };

        var first = await coordinator.PostAsync("/staff/submissions/new", new FormUrlEncodedContent(fields));
        var again = await coordinator.PostAsync("/staff/submissions/new", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var rows = await db.Set<MapSubmission>().ToListAsync();
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Equal(SubmissionSource.Paper, r.Source));
            Assert.All(rows, r => Assert.NotNull(r.EnteredBy));
        });

        // A row in another coordinator's area is refused with the row named; nothing of the sheet is saved.
        fields["BatchKey"] = Guid.NewGuid().ToString();
        fields["Rows[2].AreaId"] = world.Areas["west-1"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var outside = await coordinator.PostAsync("/staff/submissions/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outside.StatusCode);
        Assert.Contains("3件目の地域", (await outside.ReadDocumentAsync()).QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, await SupportMapWorld.CountAsync<MapSubmission>(App));
    }

    [Fact]
    public async Task Too_many_entries_from_one_address_get_429()
    {
        var world = await SupportMapWorld.CreateAsync(App);
        await using var strict = App.WithWebHostBuilder(b => b.UseSetting("SupportMap:SubmissionsPerHour", "2"));
        var client = strict.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/map/submissions", new { kind = "concern", areaId = world.Areas["east-1"], text = $"気がかり {i}", consent = true });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }
}
