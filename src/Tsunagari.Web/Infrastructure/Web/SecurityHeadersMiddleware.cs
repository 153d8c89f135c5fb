using Microsoft.Extensions.Options;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Security headers on every response. The Content-Security-Policy allows no inline script or style: every script
/// and stylesheet is a file under wwwroot. Images may also come from the configured map tile server.
/// <c>Cross-Origin-Opener-Policy: same-origin</c> goes on every response to a signed-in person, whose pages hold
/// personal or staff data that a window opened by another site could probe; pages shown to anonymous visitors are
/// the same for everyone, and there it would only cost a first visit a fresh renderer process (ADR 022).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<MapOptions> map)
{
    private readonly string _policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; " +
        $"img-src 'self' data:{(map.Value.TileOrigin is { } tiles ? " " + tiles : "")}; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
            if (context.User.Identity?.IsAuthenticated == true)
            {
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
            }
            else
            {
                headers.Remove("Cross-Origin-Opener-Policy"); // e.g. replayed from a cached response
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
