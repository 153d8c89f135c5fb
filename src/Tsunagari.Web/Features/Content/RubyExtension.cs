using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace Tsunagari.Web.Features.Content;

/// <summary>
/// Furigana in Markdown: <c>{漢字|かんじ}</c> becomes <c>&lt;ruby&gt;漢字&lt;rp&gt;(&lt;/rp&gt;&lt;rt&gt;かんじ&lt;/rt&gt;&lt;rp&gt;)&lt;/rp&gt;&lt;/ruby&gt;</c>.
/// Raw HTML stays disabled, so this is the only way to write ruby; both parts are HTML-escaped.
/// No served Markdig extension does this (ADR 012).
/// </summary>
public sealed class RubyExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) => pipeline.InlineParsers.AddIfNotAlready<RubyInlineParser>();

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.AddIfNotAlready<RubyRenderer>();
        }
    }
}

/// <summary>A run of base text with its reading.</summary>
public sealed class RubyInline : LeafInline
{
    public required string Base { get; init; }

    public required string Reading { get; init; }
}

/// <summary>Parses <c>{base|reading}</c>; anything else starting with <c>{</c> stays literal text.</summary>
public sealed class RubyInlineParser : InlineParser
{
    private const int MaxLength = 64;

    public RubyInlineParser() => OpeningCharacters = ['{'];

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        var start = slice.Start + 1;
        var bar = -1;
        for (var i = start; i <= slice.End && i - start <= MaxLength; i++)
        {
            var c = text[i];
            if (c is '{' or '\n' or '\r')
            {
                return false;
            }

            if (c == '|' && bar < 0)
            {
                bar = i;
            }
            else if (c == '}')
            {
                if (bar <= start || i <= bar + 1)
                {
                    return false;
                }

                processor.Inline = new RubyInline
                {
                    Base = text[start..bar],
                    Reading = text[(bar + 1)..i],
                    Span = new Markdig.Syntax.SourceSpan(processor.GetSourcePosition(slice.Start, out var line, out var column), processor.GetSourcePosition(i)),
                    Line = line,
                    Column = column,
                };
                slice.Start = i + 1;
                return true;
            }
        }

        return false;
    }
}

/// <summary>Writes <see cref="RubyInline"/> as an HTML ruby element with parentheses for browsers without ruby.</summary>
public sealed class RubyRenderer : HtmlObjectRenderer<RubyInline>
{
    protected override void Write(HtmlRenderer renderer, RubyInline obj)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(obj);
        renderer.Write("<ruby>").WriteEscape(obj.Base).Write("<rp>(</rp><rt>").WriteEscape(obj.Reading).Write("</rt><rp>)</rp></ruby>");
    }
}
