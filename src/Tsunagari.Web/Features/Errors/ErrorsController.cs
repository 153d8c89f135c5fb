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
        // The re-executed request has lost ?lang= (localization ran again on /error/404): keep the language asked for.
        if (original?.OriginalQueryString is { Length: > 0 } query
            && Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue(Infrastructure.Web.LanguageSwitch.QueryKey, out var lang)
            && Infrastructure.Web.Languages.Supported.FirstOrDefault(c => c.Name.Equals(lang.ToString(), StringComparison.OrdinalIgnoreCase)) is { } culture)
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }

        if (Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = "10";
        }

        return View("Error", Response.StatusCode);
    }
}
