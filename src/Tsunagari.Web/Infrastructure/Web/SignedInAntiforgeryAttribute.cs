using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Cross-site request forgery protection for a public form that acts without any ambient authority: what it does
/// depends only on what is typed into it, never on who is signed in (e.g. a town meeting registration by name and
/// contact). Signed-in visitors post the antiforgery token as everywhere else. Anonymous visitors carry no cookie a
/// forger could borrow, so their form is rendered without a token — which lets the page holding it be output-cached —
/// and their post is refused only when the browser says it came from another site (Fetch Metadata
/// <c>Sec-Fetch-Site: cross-site</c>, or an <c>Origin</c> that is not this host). ADR 018.
/// Put <see cref="IgnoreAntiforgeryTokenAttribute"/> on the same action so the controller-wide validation steps aside.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SignedInAntiforgeryAttribute : Attribute, IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        if (http.User.Identity?.IsAuthenticated == true)
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                // A missing or wrong token, or a form that could not even be read (over the size limits): 400.
                context.Result = new AntiforgeryValidationFailedResult();
            }

            return;
        }

        if (IsCrossSite(http.Request))
        {
            context.Result = new AntiforgeryValidationFailedResult();
        }
    }

    /// <summary>True when the browser reports that the request was made by another site.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site.Count > 0)
        {
            return string.Equals(site[0], "cross-site", StringComparison.OrdinalIgnoreCase);
        }

        if (request.Headers.Origin is { Count: > 0 } origin && origin[0] is { Length: > 0 } value && value != "null")
        {
            return !Uri.TryCreate(value, UriKind.Absolute, out var uri)
                || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }
}
