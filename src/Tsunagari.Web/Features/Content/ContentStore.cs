using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;
using Tsunagari.Web.Infrastructure.Web;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Tsunagari.Web.Features.Content;

/// <summary>
/// The Markdown pages under <c>content/</c>: <c>slug.md</c> in Japanese, <c>slug.en.md</c> and <c>slug.ja-easy.md</c> (やさしい日本語) for the other languages.
/// Pages are parsed once and re-read when their file changes.
/// </summary>
public sealed partial class ContentStore : IDisposable
{
    private readonly PhysicalFileProvider? _files;
    private readonly ConcurrentDictionary<string, ContentPage> _cache = new(StringComparer.Ordinal);
    private readonly IDisposable? _watch;
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public ContentStore(RepositoryLayout layout)
    {
        if (Directory.Exists(layout.ContentRoot))
        {
            _files = new PhysicalFileProvider(layout.ContentRoot);
            _watch = Microsoft.Extensions.Primitives.ChangeToken.OnChange(() => _files.Watch("**/*.md"), _cache.Clear);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SlugPattern();

    /// <summary>The page in the requested language, falling back to Japanese; null when there is none.</summary>
    public ContentPage? Find(string slug, CultureInfo culture)
    {
        if (!SlugPattern().IsMatch(slug))
        {
            return null;
        }

        var suffix = ContentSuffix(culture);
        return (suffix is null ? null : Load($"{slug}.{suffix}.md")) ?? Load($"{slug}.md");
    }

    /// <summary>The file-name suffix of a language's pages: <c>en</c>, <c>ja-easy</c>; null for Japanese.</summary>
    private static string? ContentSuffix(CultureInfo culture) =>
        culture.Name.Equals(Languages.EasyJapanese, StringComparison.OrdinalIgnoreCase) ? "ja-easy"
        : culture.TwoLetterISOLanguageName == "ja" ? null
        : culture.TwoLetterISOLanguageName;

    /// <summary>Pages with a menu position, in menu order, in the requested language where available.</summary>
    public IReadOnlyList<ContentPage> Menu(CultureInfo culture)
    {
        if (_files is null)
        {
            return [];
        }

        return _files.GetDirectoryContents("")
            .Where(f => !f.IsDirectory && f.Name.EndsWith(".md", StringComparison.Ordinal) && f.Name.Count(c => c == '.') == 1)
            .Select(f => Find(f.Name[..^3], culture))
            .OfType<ContentPage>()
            .Where(p => p.Menu is not null)
            .OrderBy(p => p.Menu)
            .ToList();
    }

    private ContentPage? Load(string fileName)
    {
        if (_files is null)
        {
            return null;
        }

        if (_cache.TryGetValue(fileName, out var cached))
        {
            return cached;
        }

        var file = _files.GetFileInfo(fileName);
        if (!file.Exists || file.IsDirectory)
        {
            return null;
        }

        using var reader = new StreamReader(file.CreateReadStream());
        var markdown = reader.ReadToEnd();
        var document = MarkdownRenderer.Parse(markdown);
        var frontMatter = ParseFrontMatter(MarkdownRenderer.FrontMatter(document));
        var slug = fileName.Split('.')[0];
        var page = new ContentPage(
            slug,
            frontMatter.Title ?? slug,
            frontMatter.Description,
            frontMatter.Lang ?? "ja",
            frontMatter.Menu,
            MarkdownRenderer.ToHtml(document));
        _cache[fileName] = page;
        return page;
    }

    private static FrontMatter ParseFrontMatter(string? yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return new FrontMatter();
        }

        // Markdig keeps the --- fences in the block's lines.
        var body = string.Join('\n', yaml.Split('\n').Where(line => line.TrimEnd() != "---"));
        return Yaml.Deserialize<FrontMatter?>(body) ?? new FrontMatter();
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _files?.Dispose();
    }

    private sealed class FrontMatter
    {
        public string? Title { get; set; }

        public string? Description { get; set; }

        public string? Lang { get; set; }

        public int? Menu { get; set; }
    }
}

public sealed record ContentPage(string Slug, string Title, string? Description, string Lang, int? Menu, string Html);
