using System.Globalization;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// The three interface languages: 日本語 (default), やさしい日本語 and English. やさしい日本語 is the culture
/// <c>ja-Easy</c> (<c>?lang=ja-easy</c>); its parent is <c>ja</c>, so any text not yet written in やさしい日本語 falls back
/// to Japanese. Its resources are <c>*.ja-Easy.resx</c> (the project file gives them their culture, ADR 012).
/// </summary>
public static class Languages
{
    public const string Japanese = "ja";
    public const string EasyJapanese = "ja-Easy";
    public const string English = "en";

    public static IReadOnlyList<CultureInfo> Supported { get; } =
        [CultureInfo.GetCultureInfo(Japanese), CultureInfo.GetCultureInfo(EasyJapanese), CultureInfo.GetCultureInfo(English)];

    public static bool IsEasyJapanese(CultureInfo culture) =>
        culture.Name.Equals(EasyJapanese, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of <c>?lang=</c> that selects the culture: ja, ja-easy, en.</summary>
    public static string QueryValue(CultureInfo culture) =>
        IsEasyJapanese(culture) ? "ja-easy" : culture.TwoLetterISOLanguageName;

    /// <summary>The HTML <c>lang</c> attribute: やさしい日本語 is Japanese.</summary>
    public static string HtmlLang(CultureInfo culture) => culture.TwoLetterISOLanguageName;
}
