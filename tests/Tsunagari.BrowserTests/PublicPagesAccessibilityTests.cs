using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagari.Web.Data;

namespace Tsunagari.BrowserTests;

/// <summary>
/// Every public page, found from the app's own endpoint list (pages without route parameters) and by following links
/// from them to pages with parameters (one per route, e.g. a place's detail page), in 日本語, やさしい日本語 and English:
/// axe-core finds nothing. A new public page is covered without anyone adding it here.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PublicPagesAccessibilityTests(BrowserApp app) : IAsyncLifetime
{
    private static readonly string[] NotPages = ["api", "staff", "council", "dev", "opendata", "error", "display", "health", "openapi", "account/logout"];
    private static readonly string[] NotPageSuffixes = [".csv", ".geojson", ".ics", ".json", ".xml", ".jpg", ".png", ".svg"];

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_public_page_in_all_three_languages_has_no_axe_violations()
    {
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
            return true;
        });
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains("GET"))
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .Where(raw => !NotPages.Any(p => raw == p || raw.StartsWith(p + "/", StringComparison.Ordinal))
                && !NotPageSuffixes.Any(s => raw.EndsWith(s, StringComparison.Ordinal)))
            .Distinct()
            .ToList();
        var withParameters = routes.Where(r => r.Contains('{', StringComparison.Ordinal))
            .Select(r => (Route: r, Pattern: new Regex("^/" + Parameter().Replace(Regex.Escape(r).Replace("\\{", "{", StringComparison.Ordinal), "[^/?#]+") + "$")))
            .ToList();

        var page = await app.NewPageAsync();
        var pages = new List<string>();
        foreach (var route in routes.Where(r => !r.Contains('{', StringComparison.Ordinal)))
        {
            var response = await page.GotoAsync("/" + route);
            if (response is { Status: 200 } && (response.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
            {
                pages.Add("/" + route);
            }
        }

        // One page per parameterised route, reached by a link from the pages above.
        foreach (var start in pages.ToList())
        {
            await page.GotoAsync(start);
            foreach (var href in await page.Locator("main a[href^='/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            {
                var path = href.Split('?', '#')[0];
                if (NotPageSuffixes.Any(suffix => path.EndsWith(suffix, StringComparison.Ordinal)) || NotPages.Any(p => path.StartsWith("/" + p + "/", StringComparison.Ordinal)))
                {
                    continue;
                }

                var match = withParameters.FirstOrDefault(w => w.Pattern.IsMatch(path));
                if (match.Route is not null && !pages.Contains(path))
                {
                    pages.Add(path);
                    withParameters.Remove(match);
                }
            }
        }

        Assert.Contains("/", pages);

        // The three languages side by side, one browser page each. Colours do not depend on the language, so the
        // costly colour-contrast rule runs once per page (in Japanese; the high-contrast test covers the other theme).
        var languages = new[] { "ja", "ja-easy", "en" };
        var tabs = new[] { page, await app.NewPageAsync(), await app.NewPageAsync() };
        var failures = new List<string>();
        foreach (var path in pages)
        {
            var results = await Task.WhenAll(languages.Select(async (language, i) =>
            {
                var url = path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language;
                await tabs[i].GotoAsync(url);
                try
                {
                    await tabs[i].AssertNoAxeViolationsAsync(language == "ja" ? [] : ["color-contrast"]);
                    return null;
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    return e.Message;
                }
            }));
            failures.AddRange(results.OfType<string>());
        }

        Assert.True(failures.Count == 0, $"{pages.Count} pages checked; violations:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Large_text_and_high_contrast_keep_the_home_page_free_of_axe_violations()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "特大" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "高コントラスト" }).ClickAsync();

        Assert.Equal("text-xlarge contrast-high", await page.Locator("html").GetAttributeAsync("class"));
        await page.AssertNoAxeViolationsAsync();
        await BrowserApp.ScreenshotAsync(page, "home-xlarge-high-contrast");
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
