using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Keeps the first visit of a public page under quality.md's 100 KB: CSS, JavaScript, JSON, GeoJSON and SVG are
/// compressed (Brotli, then gzip), and versioned static files (<c>?v=</c> from <c>asp-append-version</c>) are cached by
/// the browser for a year. HTML is compressed only for people who are not signed in: a signed-in page carries secrets
/// worth stealing (antiforgery tokens bound to the account) next to reflected input, which with compression invites
/// BREACH; an anonymous page has nothing of the kind, and long public listings shrink by 80–90 %.
/// </summary>
public static class StaticAssets
{
    private static readonly string[] CompressedTypes =
        ["text/css", "text/javascript", "application/javascript", "application/json", "application/geo+json",
         "application/problem+json", "image/svg+xml", "text/csv", "text/calendar", "text/html"];

    public static IServiceCollection AddTsunagariCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = CompressedTypes;
        });
        services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, AnonymousHtmlCompression>());
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        return services;
    }

    public static StaticFileOptions FileOptions { get; } = new()
    {
        OnPrepareResponse = context =>
        {
            var headers = context.Context.Response.Headers;
            headers.CacheControl = context.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable"
                : "public, max-age=3600";
        },
    };
}

/// <summary>Compresses HTML only for anonymous requests (see <see cref="StaticAssets"/>); everything else as configured.</summary>
public sealed class AnonymousHtmlCompression(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var isHtml = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        return (!isHtml || context.User.Identity?.IsAuthenticated != true) && base.ShouldCompressResponse(context);
    }
}
