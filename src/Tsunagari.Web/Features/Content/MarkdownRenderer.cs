using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Tsunagari.Web.Features.Content;

/// <summary>
/// Markdown to HTML for content pages and for user-written text (meeting agendas, reports). Raw HTML is disabled
/// (written out as text) and links with schemes other than http(s), mailto and tel are neutralised, so stored
/// payloads come back inert. <c>{漢字|かんじ}</c> writes furigana (see <see cref="RubyExtension"/>).
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseAutoIdentifiers()
        .UseAutoLinks()
        .Use<RubyExtension>()
        .DisableHtml()
        .Build();

    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tel"];

    public static MarkdownDocument Parse(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        return document;
    }

    public static string ToHtml(MarkdownDocument document) => document.ToHtml(Pipeline);

    public static string ToHtml(string markdown) => ToHtml(Parse(markdown));

    public static string? FrontMatter(MarkdownDocument document) =>
        document.Descendants<YamlFrontMatterBlock>().FirstOrDefault()?.Lines.ToString();

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"); so do we.
        var compact = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var slash = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true; // relative
        }

        return SafeSchemes.Contains(compact[..colon], StringComparer.OrdinalIgnoreCase);
    }
}
