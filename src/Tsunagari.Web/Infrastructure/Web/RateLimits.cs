using System.Threading.RateLimiting;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Per-client-address limits on sign-in and on public POSTs (section <c>RateLimits</c>). Rejections are 429: a Japanese
/// page on the site, problem details on the API.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string PublicPost = "public-post";

    public static IServiceCollection AddTsunagariRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var signInPerMinute = configuration.GetValue("RateLimits:SignInPerMinute", 10);
        var publicPostsPerMinute = configuration.GetValue("RateLimits:PublicPostsPerMinute", 20);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(SignIn, context => PerClient(context, signInPerMinute));
            options.AddPolicy(PublicPost, context => PerClient(context, publicPostsPerMinute));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
