using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Tsunagari.Web.Features.Content;

[Route("pages")]
public sealed class ContentController(ContentStore pages) : Controller
{
    [HttpGet("{slug}")]
    public IActionResult Show(string slug)
    {
        var page = pages.Find(slug, CultureInfo.CurrentUICulture);
        return page is null ? NotFound() : View(page);
    }
}
