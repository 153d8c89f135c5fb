using Microsoft.Extensions.Options;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Security headers on every response. The Content-Security-Policy allows no inline script or style: every script
/// and stylesheet is a file under wwwroot. Images may also come from the configured map tile server.
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
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
