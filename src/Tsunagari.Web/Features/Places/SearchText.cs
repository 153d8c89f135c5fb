using System.Globalization;
using System.Text;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// One spelling for search: NFKC (全角英数 → 半角, 半角カナ → 全角), katakana → hiragana, lower case. Stored text and
/// the query go through the same function, so 「さろん」 finds 「サロン」 and 「ｶﾌｪ」 finds 「カフェ」.
/// </summary>
public static class SearchText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            // ァ (U+30A1) … ヶ (U+30F6) and ヽヾ sit exactly 0x60 above their hiragana.
            builder.Append(c is >= '\u30A1' and <= '\u30F6' or '\u30FD' or '\u30FE' ? (char)(c - 0x60) : c);
        }

        return builder.ToString().ToLower(CultureInfo.InvariantCulture).Trim();
    }

    /// <summary>An ILIKE pattern matching the normalised query anywhere, with its own wildcards escaped.</summary>
    public static string ContainsPattern(string normalizedQuery) =>
        "%" + normalizedQuery.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
