using Microsoft.AspNetCore.Mvc;

namespace Tsunagari.Web.Features.Errors;

/// <summary>Japanese error pages for the site; <c>/api</c> answers problem details instead.</summary>
[Route("error")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    // No action parameters on purpose: model binding would read the form of a failed POST again — the very form whose
    // size or encoding may have failed it — and the error page itself would fail.
    [Route("{status:int}")]
    public IActionResult Show()
    {
        var status = int.Parse((string)RouteData.Values["status"]!, System.Globalization.CultureInfo.InvariantCulture);
        // Visiting /error/500 directly is not an error of the server.
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        var failed = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>();
        Response.StatusCode = (original, failed) switch
        {
            (null, null) => StatusCodes.Status404NotFound,
            (_, { Error: var error }) => Infrastructure.Web.DatabaseOutage.StatusCodeFor(error),
            _ => status is >= 400 and <= 599 ? status : StatusCodes.Status500InternalServerError,
        };
        if (Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = "10";
        }

        return View("Error", Response.StatusCode);
    }
}
