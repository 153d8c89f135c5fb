using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tsunagari.Tests.Infrastructure;
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
    /// <summary>Browser tabs checking pages at once: enough to overlap server, network and axe waits on 2 cores.</summary>
    private const int Tabs = 3;

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

        // Discovery over plain HTTP (no browser, no second visit): the pages that answer 200 with HTML, then one page per
        // parameterised route, reached by a link in <main> of the pages found so far.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var pages = new List<string>();
        var links = new Dictionary<string, string[]>();
        foreach (var route in routes.Where(r => !r.Contains('{', StringComparison.Ordinal)))
        {
            using var response = await http.GetAsync("/" + route);
            if (response.StatusCode == System.Net.HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                pages.Add("/" + route);
                links["/" + route] = [.. (await response.ReadDocumentAsync()).QuerySelectorAll("main a[href^='/']").Select(a => a.GetAttribute("href")!)];
            }
        }

        foreach (var start in pages.ToList())
        {
            foreach (var href in links[start])
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

        // Every page in every language, with every axe rule (WCAG 2.0–2.2 A/AA). Text length changes layout, so
        // layout-dependent rules (target-size, scrollable regions) and name rules must run in each language; only
        // colour-contrast runs once per page (in Japanese): colours do not depend on the language, and the high-contrast
        // test covers the other theme. The (page, language) pairs go through a queue served by a few browser tabs
        // (separate contexts) at once, so no tab waits for the slowest of a page's three languages.
        var languages = new[] { "ja", "ja-easy", "en" };
        var queue = new System.Collections.Concurrent.ConcurrentQueue<(string Path, string Language)>(
            pages.SelectMany(path => languages.Select(language => (path, language))));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var tabs = await Task.WhenAll(Enumerable.Range(0, Tabs).Select(_ => app.NewPageAsync()));
        await Task.WhenAll(tabs.Select(async tab =>
        {
            while (queue.TryDequeue(out var item))
            {
                var url = item.Path + (item.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + item.Language;
                await tab.GotoAsync(url);
                try
                {
                    await tab.AssertNoAxeViolationsAsync(item.Language == "ja" ? [] : ["color-contrast"]);
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    failures.Add(e.Message);
                }
            }
        }));

        Assert.True(failures.IsEmpty, $"{pages.Count} pages checked; violations:\n" + string.Join("\n", failures));
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
