using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagari.Web;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Content;

namespace Tsunagari.Tests.Site;

public sealed class SiteTests(TsunagariApp app) : AppTest(app)
{
    private Task<bool> SeedDemoAsync() => App.WithScopeAsync(async sp =>
    {
        await sp.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
        return true;
    });

    [Fact]
    public async Task Home_page_shows_the_districts_of_the_demo_municipality_with_their_school_districts()
    {
        await SeedDemoAsync();

        var home = await App.Browser().GetDocumentAsync("/");

        Assert.Equal("ja", home.DocumentElement.GetAttribute("lang"));
        var districts = home.QuerySelectorAll(".district-list h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(3, districts.Count);
        Assert.StartsWith("北部圏域", districts[0], StringComparison.Ordinal);
        Assert.Contains("桜台小学校区", home.QuerySelector(".district-list li")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(home.QuerySelector("a.skip-link[href='#main']"));
        Assert.NotNull(home.QuerySelector("main#main"));
        Assert.NotNull(home.QuerySelector("footer a[href='/pages/help-lines']"));
    }

    [Fact]
    public async Task Demo_data_can_be_applied_twice_without_duplicating_anything()
    {
        await SeedDemoAsync();
        await SeedDemoAsync();

        await App.WithDbAsync(async db =>
        {
            Assert.Equal(2 + 3 + 8 + 30, await db.Areas.CountAsync());
            Assert.Equal(8, await db.Areas.CountAsync(a => a.Level == "小学校区"));
            Assert.Equal(DemoData.Accounts.Length, await db.Users.CountAsync());
            Assert.Equal(DemoData.Accounts.Count(a => a.Role is not null), await db.RoleGrants.CountAsync());
            var city = await db.Areas.SingleAsync(a => a.Code == "demo-city");
            var districtSum = await db.Areas.Where(a => a.ParentId == city.Id).SumAsync(a => a.Population);
            Assert.Equal(city.Population, districtSum);
        });
    }

    [Fact]
    public async Task Content_pages_render_from_markdown_with_their_front_matter_title()
    {
        var page = await App.Browser().GetDocumentAsync("/pages/help-lines");

        Assert.Equal("相談窓口", page.QuerySelector("main h1")!.TextContent);
        Assert.Contains("119", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("0120-279-338", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main script"));
        Assert.DoesNotContain("---", page.QuerySelector("main article")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_with_raw_html_and_script_links_comes_back_inert()
    {
        var html = MarkdownRenderer.ToHtml("<script>alert(1)</script>\n\n[click](javascript:alert(2)) [x](JaVa\tScRiPt:alert(3)) <img src=x onerror=alert(4)> [ok](/places)");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"/places\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_pages_get_a_japanese_404_page_and_the_api_gets_problem_details()
    {
        var client = App.Browser();

        var page = await client.GetAsync("/pages/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("ページが見つかりません", (await page.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);

        var traversal = await client.GetAsync("/pages/..%2F..%2Fappsettings");
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);

        var api = await client.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var badPaging = await client.GetAsync("/api/v1/areas?pageSize=500");
        Assert.Equal(HttpStatusCode.BadRequest, badPaging.StatusCode);
        Assert.Equal("application/problem+json", badPaging.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Area_api_pages_the_tree_and_the_openapi_document_describes_it()
    {
        await SeedDemoAsync();
        var client = App.CreateClient();

        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/areas?page=1&pageSize=5");
        Assert.Equal(43, first.GetProperty("totalCount").GetInt32());
        Assert.Equal(5, first.GetProperty("items").GetArrayLength());
        var root = first.GetProperty("items")[0];
        Assert.Equal("架空県", root.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parentId").ValueKind);

        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/areas", out _));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/auth/login", out _));
    }

    [Fact]
    public async Task Health_answers_healthy_when_the_database_answers()
    {
        var response = await App.Browser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pooled_database_connections_skip_the_session_reset_unless_the_connection_string_sets_it()
    {
        var used = await App.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<TsunagariDbContext>().Database.GetConnectionString()!));

        Assert.True(new NpgsqlConnectionStringBuilder(used).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(TsunagariSetup.DatabaseConnectionString("Host=db;No Reset On Close=false")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(TsunagariSetup.DatabaseConnectionString("Host=db;NoResetOnClose=false")).NoResetOnClose);
        Assert.Equal("db", new NpgsqlConnectionStringBuilder(TsunagariSetup.DatabaseConnectionString("Host=db;Database=x")).Host);
    }

    [Fact]
    public async Task Language_switch_shows_english_and_remembers_it_in_a_cookie()
    {
        var client = App.Browser();

        var english = await client.GetDocumentAsync("/account/login?lang=en");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Skip to main content", english.QuerySelector(".skip-link")!.TextContent);

        var next = await client.GetDocumentAsync("/");
        Assert.Equal("en", next.DocumentElement.GetAttribute("lang"));

        var back = await client.GetDocumentAsync("/?lang=ja");
        Assert.Equal("本文へ移動", back.QuerySelector(".skip-link")!.TextContent);
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy_and_forms_carry_antiforgery_tokens()
    {
        var response = await App.Browser().GetAsync("/account/register");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var page = await response.ReadDocumentAsync();
        Assert.NotNull(page.QuerySelector("form[action='/account/register'] input[name=__RequestVerificationToken]"));
        Assert.All(page.QuerySelectorAll("form input:not([type=hidden])"), input =>
            Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']")));

        var forged = await App.Browser().PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@example.jp" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Signed_in_pages_isolate_their_window_from_other_sites_and_anonymous_public_pages_do_not_need_to()
    {
        var anonymous = await App.Browser().GetAsync("/");
        Assert.False(anonymous.Headers.Contains("Cross-Origin-Opener-Policy"));
        Assert.Equal("DENY", anonymous.Headers.GetValues("X-Frame-Options").Single());

        await App.CreateUserAsync("coop@example.jp");
        var signedIn = await App.SignedInAsync("coop@example.jp");
        foreach (var path in new[] { "/", "/account" })
        {
            var response = await signedIn.GetAsync(path);
            Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        }
    }
}
