using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Tests.Site;

public sealed class PublicPageCacheTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task The_home_page_is_served_from_cache_until_an_area_import_evicts_it()
    {
        await App.SeedAreasAsync();
        var anonymous = App.Browser();
        var first = await anonymous.GetDocumentAsync("/");
        Assert.Contains(first.QuerySelectorAll(".district-list h3"), h => h.TextContent.Contains("テスト市", StringComparison.Ordinal));

        // A change behind the app's back is not seen: the page comes from the cache.
        await App.WithDbAsync(db => db.Areas.Where(a => a.Code == "city").ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, "裏口で変更")));
        var cached = await anonymous.GetDocumentAsync("/");
        Assert.Contains(cached.QuerySelectorAll(".district-list h3"), h => h.TextContent.Contains("テスト市", StringComparison.Ordinal));

        // A change through the app evicts the cached page at once.
        var csv = "code,parent_code,name,level\nother-town,pref,となり村,市町村\n";
        var path = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Areas.Where(a => a.Code == "pref").Select(a => a.Path).SingleAsync());
        await App.WithScopeAsync(sp => sp.GetRequiredService<ImportAreaTree>().HandleAsync(Encoding.UTF8.GetBytes(csv), ImportAreaTree.Format.Csv, [path], CancellationToken.None));
        var fresh = await anonymous.GetDocumentAsync("/");
        var names = fresh.QuerySelectorAll(".district-list h3").Select(h => h.TextContent).ToList();
        Assert.Contains(names, n => n.Contains("となり村", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("裏口で変更", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signed_in_people_never_get_a_cached_anonymous_page_and_each_language_is_cached_apart()
    {
        await App.SeedAreasAsync();
        await App.CreateUserAsync("me@example.jp", "本人 確認");
        await App.Browser().GetAsync("/"); // fills the anonymous cache

        var mine = await (await App.SignedInAsync("me@example.jp")).GetDocumentAsync("/");
        Assert.Contains("本人 確認さんのページ", mine.QuerySelector("nav.main-nav")!.TextContent, StringComparison.Ordinal);

        var english = App.Browser();
        await english.GetAsync("/?lang=en");
        var page = await english.GetDocumentAsync("/");
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_429()
    {
        await using var strict = App.WithWebHostBuilder(b => b.UseSetting("RateLimits:SignInPerMinute", "3"));
        var client = strict.CreateClient(new() { AllowAutoRedirect = false });
        HttpStatusCode last = default;
        for (var i = 0; i < 4; i++)
        {
            last = (await client.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = "x@example.jp", ["Password"] = "wrong-password" })).StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }
}
