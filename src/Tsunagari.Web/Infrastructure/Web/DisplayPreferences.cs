namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Text size (標準 / 大 / 特大) and contrast (標準 / 高コントラスト), remembered per browser in a cookie and applied as
/// classes on <c>&lt;html&gt;</c> by the layout, so they work without JavaScript. Public pages in the output cache vary
/// by this cookie.
/// </summary>
public sealed record DisplayPreferences(string Size, string Contrast)
{
    public const string CookieName = "tsunagari.display";

    public static readonly string[] Sizes = ["standard", "large", "xlarge"];
    public static readonly string[] Contrasts = ["standard", "high"];

    public static DisplayPreferences Default { get; } = new("standard", "standard");

    /// <summary>CSS classes for the root element; empty for the defaults.</summary>
    public string CssClasses =>
        string.Join(' ', new[] { Size == "standard" ? null : $"text-{Size}", Contrast == "high" ? "contrast-high" : null }.OfType<string>());

    public string CookieValue => $"{Size}.{Contrast}";

    /// <summary>Reads the cookie; anything unexpected counts as the defaults.</summary>
    public static DisplayPreferences From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = request.Cookies[CookieName]?.Split('.');
        return parts is [var size, var contrast] && Sizes.Contains(size) && Contrasts.Contains(contrast)
            ? new DisplayPreferences(size, contrast)
            : Default;
    }
}
