using Microsoft.AspNetCore.Localization;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Remembers a <c>?lang=</c> choice in a cookie, so one click on the language links keeps the language on the
/// following pages, with or without JavaScript.
/// </summary>
public sealed class LanguageSwitch(RequestDelegate next)
{
    public const string QueryKey = "lang";
    public const string CookieName = "tsunagari.lang";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Query.ContainsKey(QueryKey)
            && context.Features.Get<IRequestCultureFeature>() is { Provider: QueryStringRequestCultureProvider } feature)
        {
            context.Response.Cookies.Append(
                CookieName,
                CookieRequestCultureProvider.MakeCookieValue(feature.RequestCulture),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                });
        }

        return next(context);
    }
}
