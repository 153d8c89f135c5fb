using System.Net;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Tests.Places;

public sealed class PlaceSearchTests(TsunagariApp app) : AppTest(app)
{
    private static List<string> Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".place-list h3").Select(h => h.TextContent.Trim()).ToList();

    [Fact]
    public async Task Search_matches_hiragana_katakana_and_half_width_variants_of_names_readings_and_descriptions()
    {
        var areas = await App.SeedAreasAsync();
        await App.AddPlaceAsync(areas["east-1"], "東町サロン", p => p.NameKana = "ヒガシマチサロン");
        await App.AddPlaceAsync(areas["east-1"], "カフェ ひだまり", p => p.CategoryCode = "community-cafe");
        await App.AddPlaceAsync(areas["west-1"], "西の家", p => p.Description = "ＰＣ教室もあるコミュニティスペースです");
        var browser = App.Browser();

        Assert.Equal(["東町サロン"], Names(await browser.GetDocumentAsync("/places?q=さろん")));
        Assert.Equal(["カフェ ひだまり"], Names(await browser.GetDocumentAsync("/places?q=" + Uri.EscapeDataString("ｶﾌｪ"))));
        Assert.Equal(["東町サロン"], Names(await browser.GetDocumentAsync("/places?q=ひがしまち")));
        Assert.Equal(["西の家"], Names(await browser.GetDocumentAsync("/places?q=pc")));
        // A wildcard typed by a person is a character, not "everything".
        Assert.Empty(Names(await browser.GetDocumentAsync("/places?q=%25")));
        Assert.Equal(3, Names(await browser.GetDocumentAsync("/places")).Count);
    }

    [Fact]
    public async Task Area_filter_covers_every_level_below_the_chosen_area_and_weekday_and_free_filters_narrow_it()
    {
        var areas = await App.SeedAreasAsync();
        await App.AddPlaceAsync(areas["east-1"], "水曜サロン", p => { p.Weekdays = [3]; p.IsFree = true; });
        await App.AddPlaceAsync(areas["east-2"], "金曜食堂", p => { p.Weekdays = [5]; p.CategoryCode = "chiiki-shokudo"; p.Audiences = ["children"]; });
        await App.AddPlaceAsync(areas["west-1"], "西の水曜カフェ", p => p.Weekdays = [3]);
        var browser = App.Browser();

        Assert.Equal(["水曜サロン", "金曜食堂"], Names(await browser.GetDocumentAsync($"/places?area={areas["east"]}")).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(3, Names(await browser.GetDocumentAsync($"/places?area={areas["city"]}")).Count);
        Assert.Equal(["西の水曜カフェ"], Names(await browser.GetDocumentAsync($"/places?area={areas["west-1"]}")));
        Assert.Equal(["水曜サロン", "西の水曜カフェ"], Names(await browser.GetDocumentAsync("/places?day=3")).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(["水曜サロン"], Names(await browser.GetDocumentAsync($"/places?area={areas["city"]}&day=3&free=true")));
        Assert.Equal(["金曜食堂"], Names(await browser.GetDocumentAsync("/places?category=chiiki-shokudo&for=children")));
        Assert.Empty(Names(await browser.GetDocumentAsync($"/places?area={areas["other-town"]}")));
    }

    [Fact]
    public async Task Near_me_orders_places_by_distance_from_the_given_location()
    {
        var areas = await App.SeedAreasAsync();
        await App.AddPlaceAsync(areas["east-1"], "遠い場所", p => { p.Latitude = 35.80; p.Longitude = 139.90; });
        await App.AddPlaceAsync(areas["east-1"], "近い場所", p => { p.Latitude = 35.681; p.Longitude = 139.767; });
        await App.AddPlaceAsync(areas["east-1"], "位置のない場所", p => { p.Latitude = null; p.Longitude = null; });

        var page = await App.Browser().GetDocumentAsync("/places?lat=35.68&lng=139.76");

        Assert.Equal(["近い場所", "遠い場所", "位置のない場所"], Names(page));
    }

    [Fact]
    public async Task Bad_filters_get_a_400_page_not_a_500_and_unknown_places_a_404()
    {
        await App.SeedAreasAsync();
        var browser = App.Browser();

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/places?day=9")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/places?lat=500&lng=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/places?area=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/places/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/api/v1/places/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/api/v1/places?pageSize=1000")).StatusCode);
    }

    [Fact]
    public void Normalisation_folds_width_kana_and_case()
    {
        Assert.Equal("かふぇ", SearchText.Normalize("ｶﾌｪ"));
        Assert.Equal("さろん abc1", SearchText.Normalize("サロン ＡＢＣ１"));
        Assert.Equal("%\\%50\\_off%", SearchText.ContainsPattern("%50_off"));
    }
}
