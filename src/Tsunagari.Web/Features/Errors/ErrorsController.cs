using Microsoft.AspNetCore.Mvc;

namespace Tsunagari.Web.Features.Errors;

/// <summary>Japanese error pages for the site; <c>/api</c> answers problem details instead.</summary>
[Route("error")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("{status:int}")]
    public IActionResult Show(int status)
    {
        // Visiting /error/500 directly is not an error of the server.
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        var failed = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>();
        Response.StatusCode = original is null && failed is null ? StatusCodes.Status404NotFound : status is >= 400 and <= 599 ? status : 500;
        return View("Error", Response.StatusCode);
    }
}
