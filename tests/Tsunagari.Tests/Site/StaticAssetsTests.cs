using Tsunagari.Tests.Infrastructure;

namespace Tsunagari.Tests.Site;

public sealed class StaticAssetsTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Stylesheets_scripts_and_anonymous_pages_are_compressed_versioned_files_cached_for_a_year_and_signed_in_pages_not_compressed()
    {
        var client = App.Browser();
        var home = await client.GetDocumentAsync("/");
        var stylesheet = home.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        Assert.Contains("?v=", stylesheet, StringComparison.Ordinal);

        using var css = new HttpRequestMessage(HttpMethod.Get, stylesheet);
        css.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var cssResponse = await client.SendAsync(css);
        Assert.Equal("br", Assert.Single(cssResponse.Content.Headers.ContentEncoding));
        Assert.Equal("public, max-age=31536000, immutable", cssResponse.Headers.CacheControl!.ToString());

        using var script = new HttpRequestMessage(HttpMethod.Get, "/lib/leaflet/leaflet.js");
        script.Headers.AcceptEncoding.ParseAdd("gzip");
        var scriptResponse = await client.SendAsync(script);
        Assert.Equal("gzip", Assert.Single(scriptResponse.Content.Headers.ContentEncoding));
        var compressed = (await scriptResponse.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(compressed < 50_000, $"leaflet.js travels compressed ({compressed:N0} B of 147,552 B)");

        using var page = new HttpRequestMessage(HttpMethod.Get, "/pages/about");
        page.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var pageResponse = await client.SendAsync(page);
        Assert.Equal("br", Assert.Single(pageResponse.Content.Headers.ContentEncoding));

        // Signed in, pages carry account-bound antiforgery tokens: never compressed (BREACH).
        await App.CreateUserAsync("me@example.jp");
        var signedIn = await App.SignedInAsync("me@example.jp");
        using var own = new HttpRequestMessage(HttpMethod.Get, "/pages/about");
        own.Headers.AcceptEncoding.ParseAdd("br, gzip");
        var ownResponse = await signedIn.SendAsync(own);
        Assert.Contains("__RequestVerificationToken", await ownResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(ownResponse.Content.Headers.ContentEncoding);
    }
}
