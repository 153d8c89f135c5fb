using Microsoft.AspNetCore.Mvc;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Display;

/// <summary>
/// The text-size and contrast switch in the header: plain links (no JavaScript, no form), which set a cookie and go back
/// to the page the person was reading. Only a display preference changes, so a GET is fine.
/// </summary>
[Route("display")]
public sealed class DisplayController : Controller
{
    [HttpGet("")]
    public IActionResult Set(string? size, string? contrast, string? returnUrl)
    {
        var current = DisplayPreferences.From(Request);
        if ((size is not null && !DisplayPreferences.Sizes.Contains(size))
            || (contrast is not null && !DisplayPreferences.Contrasts.Contains(contrast)))
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "文字の大きさ・コントラストの指定が正しくありません。");
        }

        var chosen = new DisplayPreferences(size ?? current.Size, contrast ?? current.Contrast);
        Response.Cookies.Append(DisplayPreferences.CookieName, chosen.CookieValue, new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
        });
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
