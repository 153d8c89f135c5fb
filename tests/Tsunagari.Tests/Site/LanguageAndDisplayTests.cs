using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Content;

namespace Tsunagari.Tests.Site;

/// <summary>The three interface languages, furigana, the text-size and contrast switch, and the help line.</summary>
public sealed class LanguageAndDisplayTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Easy_japanese_is_chosen_by_query_remembered_by_cookie_and_carries_furigana_in_the_frame()
    {
        var browser = App.Browser();

        var easy = await browser.GetDocumentAsync("/pages/about?lang=ja-easy");
        Assert.Equal("ja", easy.DocumentElement.GetAttribute("lang"));
        Assert.Equal("true", easy.QuerySelector(".lang-switch a[href$='lang=ja-easy']")!.GetAttribute("aria-current"));
        var skip = easy.QuerySelector("a.skip-link")!;
        Assert.Equal("本文", skip.QuerySelector("ruby")!.ChildNodes[0].TextContent);
        Assert.Equal("ほんぶん", skip.QuerySelector("ruby rt")!.TextContent);

        // Without ?lang= the cookie keeps やさしい日本語 on the next page.
        var next = await browser.GetDocumentAsync("/pages/privacy");
        Assert.Contains("こじんじょうほう", next.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);

        var english = await browser.GetDocumentAsync("/pages/privacy?lang=en");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Text size", english.QuerySelector(".display-switch span")!.TextContent.TrimEnd(':'));
        Assert.Null(english.QuerySelector("ruby"));
    }

    [Theory]
    [InlineData("how-to")]
    [InlineData("privacy")]
    [InlineData("help-lines")]
    public async Task Key_content_pages_exist_in_all_three_languages_and_the_easy_one_has_furigana(string slug)
    {
        var japanese = await App.Browser().GetDocumentAsync($"/pages/{slug}?lang=ja");
        var easy = await App.Browser().GetDocumentAsync($"/pages/{slug}?lang=ja-easy");
        var english = await App.Browser().GetDocumentAsync($"/pages/{slug}?lang=en");

        var titles = new[] { japanese, easy, english }.Select(d => d.QuerySelector("main h1")!.TextContent).ToList();
        Assert.Equal(3, titles.Distinct().Count());
        Assert.True(easy.QuerySelectorAll("main article ruby rt").Length >= 10, "やさしい日本語 pages carry furigana on kanji");
        Assert.Empty(english.QuerySelectorAll("main article ruby"));
        Assert.DoesNotContain("{", easy.QuerySelector("main article")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Ruby_markup_writes_furigana_escapes_both_parts_and_leaves_other_braces_alone()
    {
        var html = MarkdownRenderer.ToHtml("{相談|そうだん}します。{<b>|x} {ただの かっこ} {a|} {|b} <ruby>生</ruby>");

        Assert.Contains("<ruby>相談<rp>(</rp><rt>そうだん</rt><rp>)</rp></ruby>します。", html, StringComparison.Ordinal);
        Assert.Contains("<ruby>&lt;b&gt;<rp>(</rp><rt>x</rt>", html, StringComparison.Ordinal);
        Assert.Contains("{ただの かっこ} {a|} {|b}", html, StringComparison.Ordinal);
        Assert.Contains("&lt;ruby&gt;生&lt;/ruby&gt;", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Resident pages (with demo data, so lists and calendars are filled) in やさしい日本語 carry furigana and never show
    /// markup as text (a ruby value in an attribute, a title or a plain-text position would); in English the heading is
    /// English. ViewResourceTests checks every key; this checks the rendered pages.
    /// </summary>
    [Fact]
    public async Task Resident_pages_in_easy_japanese_have_furigana_and_no_markup_as_text_and_english_headings()
    {
        await App.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
            return true;
        });
        var kana = new System.Text.RegularExpressions.Regex(@"[\u3040-\u30ff\u4e00-\u9fff]");
        string[] paths =
        [
            "/", "/places", "/places/suggest", "/salons", "/salons?view=list", "/volunteer",
            "/meetings", "/map", "/account/login", "/account/register", "/account/forgot", "/no-such-page",
        ];
        foreach (var path in paths)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            var response = await App.Browser().GetAsync(path + separator + "lang=ja-easy");
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("&lt;ruby", html, StringComparison.Ordinal);
            Assert.DoesNotContain("&lt;rt", html, StringComparison.Ordinal);
            var easy = await App.Browser().GetDocumentAsync(path + separator + "lang=ja-easy");
            Assert.True(easy.QuerySelector("main ruby rt") is not null, $"{path}: no furigana in main");
            Assert.DoesNotContain("<", easy.Title ?? "", StringComparison.Ordinal);
            Assert.All(easy.QuerySelectorAll("[aria-label], [title], [placeholder], option"), e =>
                Assert.DoesNotContain("<", e.GetAttribute("aria-label") + e.GetAttribute("title") + e.GetAttribute("placeholder") + e.TextContent, StringComparison.Ordinal));

            var english = await App.Browser().GetDocumentAsync(path + separator + "lang=en");
            var heading = english.QuerySelector("main h1")!.TextContent;
            Assert.False(kana.IsMatch(heading), $"{path}: English heading is “{heading}”");
        }
    }

    [Fact]
    public async Task Text_size_and_contrast_links_set_a_cookie_return_to_the_page_and_style_every_page()
    {
        var browser = App.Browser();
        var before = await browser.GetDocumentAsync("/pages/about");
        Assert.False(before.DocumentElement.HasAttribute("class"));

        var link = before.QuerySelector(".display-switch a.size-xlarge")!.GetAttribute("href")!;
        var set = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/pages/about", set.Headers.Location!.OriginalString);
        await browser.GetAsync("/display?contrast=high&returnUrl=%2Fpages%2Fabout");

        var after = await browser.GetDocumentAsync("/pages/about");
        Assert.Equal("text-xlarge contrast-high", after.DocumentElement.GetAttribute("class"));
        Assert.Equal("true", after.QuerySelector(".display-switch a.size-xlarge")!.GetAttribute("aria-current"));

        // The cached anonymous page of someone without the cookie stays unstyled: the cache varies by preference.
        var other = await App.Browser().GetDocumentAsync("/pages/about");
        Assert.False(other.DocumentElement.HasAttribute("class"));
    }

    [Theory]
    [InlineData("/display?size=huge")]
    [InlineData("/display?contrast=%3Cscript%3E")]
    public async Task Unknown_display_values_get_400(string url)
    {
        var response = await App.Browser().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_display_switch_never_redirects_off_site()
    {
        var response = await App.Browser().GetAsync("/display?size=large&returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_municipal_help_line_is_on_every_page_as_a_phone_link_when_configured()
    {
        await using var configured = App.WithWebHostBuilder(b => b
            .UseSetting("Site:HelpLineName", "テスト市 福祉課")
            .UseSetting("Site:HelpLinePhone", "012-345-6789")
            .UseSetting("Site:HelpLineHours", "平日 9時〜17時"));
        var client = configured.CreateClient();

        foreach (var url in new[] { "/", "/pages/privacy", "/account/login", "/no-such-page" })
        {
            var response = await client.GetAsync(url);
            var document = await response.ReadDocumentAsync();
            var phone = document.QuerySelector("footer .help-line a.help-line-phone");
            Assert.NotNull(phone);
            Assert.Equal("tel:0123456789", phone.GetAttribute("href"));
            Assert.Contains("テスト市 福祉課", document.QuerySelector("footer .help-line")!.TextContent, StringComparison.Ordinal);
        }

        var unconfigured = await App.Browser().GetDocumentAsync("/pages/about");
        Assert.Null(unconfigured.QuerySelector(".help-line"));
    }
}
