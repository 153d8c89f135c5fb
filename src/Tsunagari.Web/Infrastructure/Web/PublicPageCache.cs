using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Output caching for public pages: only anonymous GETs without cookies set in the response (ASP.NET Core's default
/// rules), varied by query string, interface language and display preferences, tagged by the data they show and evicted when it changes.
/// The store is per instance, so the expiry bounds how stale another instance can be.
/// </summary>
public static class PublicPageCache
{
    /// <summary>Policy name for <c>[OutputCache(PolicyName = PublicPageCache.Policy)]</c>.</summary>
    public const string Policy = "PublicPage";

    /// <summary>Tags: what a cached page shows. Evict with <see cref="IOutputCacheStore.EvictByTagAsync"/>.</summary>
    public static class Tags
    {
        /// <summary>Every cached public page.</summary>
        public const string All = "public";

        public const string Areas = "areas";
    }

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue("Cache:PublicPageSeconds", 30);
        var megabytes = configuration.GetValue("Cache:SizeLimitMegabytes", 32);
        services.AddOutputCache(options =>
        {
            // Bounded: long listings (a month of 500 salons is 600 KB) must not grow the process past its memory budget.
            options.SizeLimit = megabytes * 1024L * 1024L;
            options.MaximumBodySize = 2 * 1024 * 1024;
            options.AddBasePolicy(policy => policy.NoCache());
            options.AddPolicy(Policy, policy => policy
                .Expire(TimeSpan.FromSeconds(seconds))
                .Tag(Tags.All)
                .SetVaryByQuery("*")
                .VaryByValue(context => new KeyValuePair<string, string>(
                    "lang+display", $"{CultureInfo.CurrentUICulture.Name}|{DisplayPreferences.From(context.Request).CookieValue}")));
        });
        return services;
    }
}
