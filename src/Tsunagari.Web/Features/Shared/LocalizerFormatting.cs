using System.Globalization;
using Microsoft.AspNetCore.Mvc.Localization;

namespace Tsunagari.Web.Features.Shared;

/// <summary>Formatting for localized text used as a plain string (a title, a part of another text).</summary>
public static class LocalizerFormatting
{
    /// <summary>
    /// The translated format string with its arguments filled in. (<c>L["…{0}", x].Value</c> is the unformatted text:
    /// arguments are only applied when a LocalizedHtmlString is written to the page.)
    /// </summary>
    public static string Format(this IViewLocalizer localizer, string key, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, localizer[key].Value, arguments);
}
