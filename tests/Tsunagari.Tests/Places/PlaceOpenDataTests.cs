using System.Text;
using System.Text.Json;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Tests.Places;

public sealed class PlaceOpenDataTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Places_csv_has_the_public_facility_columns_in_utf8_with_bom_and_crlf_line_ends()
    {
        var areas = await App.SeedAreasAsync();
        await App.AddPlaceAsync(areas["east-1"], "東町サロン, \"本館\"", p =>
        {
            p.NameKana = "ヒガシマチサロン";
            p.Weekdays = [1, 3];
            p.ContactPhone = "03-0000-0000";
            p.Accessibility = ["step-free"];
        });

        var response = await App.Browser().GetAsync("/opendata/places.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal(3, lines.Length); // header, one row, and the empty rest after the last CRLF
        Assert.Equal("", lines[2]);
        Assert.DoesNotContain('\n', lines[0] + lines[1]);
        Assert.Equal(string.Join(",", PlacesOpenDataController.CsvColumns), lines[0]);
        Assert.StartsWith("全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ", lines[0], StringComparison.Ordinal);

        using var reader = new CsvHelper.CsvReader(new StringReader(text), System.Globalization.CultureInfo.InvariantCulture);
        await reader.ReadAsync();
        reader.ReadHeader();
        await reader.ReadAsync();
        Assert.Equal("東町サロン, \"本館\"", reader.GetField("名称"));
        Assert.Equal("ヒガシマチサロン", reader.GetField("名称_カナ"));
        Assert.Equal("テスト県テスト市", reader.GetField("地方公共団体名"));
        Assert.Equal("テスト市東町一丁目1-2-3 東会館", reader.GetField("住所"));
        Assert.Equal("35.68123", reader.GetField("緯度"));
        Assert.Equal("月,水", reader.GetField("利用可能曜日"));
        Assert.Equal("段差なし", reader.GetField("バリアフリー情報"));
    }

    [Fact]
    public async Task Places_geojson_and_the_api_list_public_places_with_paging()
    {
        var areas = await App.SeedAreasAsync();
        for (var i = 0; i < 3; i++)
        {
            await App.AddPlaceAsync(areas["west-1"], $"西サロン{i}", p => p.NameKana = $"ニシサロン{i}");
        }

        using var geo = JsonDocument.Parse(await App.Browser().GetStringAsync("/opendata/places.geojson"));
        Assert.Equal("FeatureCollection", geo.RootElement.GetProperty("type").GetString());
        Assert.Equal(3, geo.RootElement.GetProperty("features").GetArrayLength());

        using var page = JsonDocument.Parse(await App.Browser().GetStringAsync($"/api/v1/places?area={areas["west"]}&pageSize=2&page=2"));
        Assert.Equal(3, page.RootElement.GetProperty("totalCount").GetInt32());
        var items = page.RootElement.GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal("西サロン2", items[0].GetProperty("name").GetString());
        Assert.False(items[0].TryGetProperty("searchText", out _));
    }
}
