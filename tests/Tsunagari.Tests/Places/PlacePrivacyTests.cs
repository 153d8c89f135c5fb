using System.Net;
using System.Text.Json;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Tests.Places;

/// <summary>非公開, unapproved and rejected places reach no public output; reduced precision holds on every one.</summary>
public sealed class PlacePrivacyTests(TsunagariApp app) : AppTest(app)
{
    private static readonly string[] PublicOutputs = ["/places", "/places?q=ひなん", "/api/v1/places", "/opendata/places.csv", "/opendata/places.geojson"];

    [Fact]
    public async Task Hidden_pending_and_rejected_places_are_absent_from_every_public_page_feed_and_api()
    {
        var areas = await App.SeedAreasAsync();
        var shown = await App.AddPlaceAsync(areas["east-1"], "みんなの公開サロン");
        var hidden = await App.AddPlaceAsync(areas["east-1"], "秘密のひなん所", p => { p.Visibility = PlaceVisibility.Hidden; p.NameKana = "ヒナンジョ"; });
        var pending = await App.AddPlaceAsync(areas["east-1"], "確認待ちのひなん所", p => p.Status = PlaceStatus.Pending);
        var rejected = await App.AddPlaceAsync(areas["east-1"], "見送ったひなん所", p => { p.Status = PlaceStatus.Rejected; p.RejectionReason = "重複"; });
        var browser = App.Browser();

        foreach (var url in PublicOutputs.Append($"/places?area={areas["east-1"]}"))
        {
            var body = await browser.GetStringAsync(url);
            Assert.DoesNotContain("ひなん所", body, StringComparison.Ordinal);
        }

        Assert.Contains("みんなの公開サロン", await browser.GetStringAsync("/opendata/places.csv"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/places/{shown}")).StatusCode);
        foreach (var id in new[] { hidden, pending, rejected })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/places/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/api/v1/places/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task Reduced_precision_places_show_no_street_number_and_only_grid_coordinates_anywhere_public()
    {
        var areas = await App.SeedAreasAsync();
        var id = await App.AddPlaceAsync(areas["east-1"], "おうちサロン", p =>
        {
            p.Precision = LocationPrecision.Reduced;
            p.AddressArea = "テスト市東町二丁目";
            p.AddressDetail = "14-7";
            p.PostalCode = "123-4567";
            p.Latitude = 35.712345;
            p.Longitude = 139.543219;
            p.Directions = "青い屋根の家です";
            p.LocationDescription = "田中さんのお宅";
        });
        var browser = App.Browser();
        const double lat = 35.71, lng = 139.545; // the centre of the ~500 m cell: round(x × 200) / 200

        foreach (var url in PublicOutputs.Where(u => !u.Contains("q=", StringComparison.Ordinal)).Append($"/places/{id}").Append($"/api/v1/places/{id}"))
        {
            var body = await browser.GetStringAsync(url);
            Assert.Contains("おうちサロン", body, StringComparison.Ordinal);
            foreach (var secret in new[] { "14-7", "123-4567", "35.712345", "139.543219", "35.7123", "青い屋根", "田中さん" })
            {
                Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{url} shows {secret}");
            }
        }

        using var api = JsonDocument.Parse(await browser.GetStringAsync($"/api/v1/places/{id}"));
        Assert.Equal(lat, api.RootElement.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(lng, api.RootElement.GetProperty("longitude").GetDouble(), 6);
        Assert.Equal("reduced", api.RootElement.GetProperty("precision").GetString());
        Assert.Equal("テスト市東町二丁目", api.RootElement.GetProperty("address").GetString());

        using var geo = JsonDocument.Parse(await browser.GetStringAsync("/opendata/places.geojson"));
        var coordinates = geo.RootElement.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(lng, coordinates[0].GetDouble(), 6);
        Assert.Equal(lat, coordinates[1].GetDouble(), 6);
    }

    [Fact]
    public async Task Exact_places_keep_their_full_address_and_coordinates()
    {
        var areas = await App.SeedAreasAsync();
        var id = await App.AddPlaceAsync(areas["east-1"], "公民館サロン", p => p.Directions = "駅から歩いて5分");

        var page = await App.Browser().GetDocumentAsync($"/places/{id}");

        Assert.Contains("テスト市東町一丁目1-2-3 東会館", page.QuerySelector(".place-address")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("駅から歩いて5分", page.Body!.TextContent, StringComparison.Ordinal);
        using var api = JsonDocument.Parse(await App.Browser().GetStringAsync($"/api/v1/places/{id}"));
        Assert.Equal(35.68123, api.RootElement.GetProperty("latitude").GetDouble(), 6);
    }
}
