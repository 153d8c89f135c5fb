using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Tsunagari.Web.Features.Places;

public static class PlacesSetup
{
    /// <summary>Output-cache tag of every public page, feed and API answer that shows places.</summary>
    public const string CacheTag = "places";

    /// <summary>Rate-limit policy of the resident suggestion form (section <c>Places:SuggestionsPerMinute</c>).</summary>
    public const string SuggestionLimit = "place-suggestion";

    public static IServiceCollection AddPlaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlaceFreshnessOptions>().BindConfiguration(PlaceFreshnessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PublicPlaces>();
        services.AddScoped<VenuePlaces>();
        services.AddScoped<PlaceHistory>();
        services.AddScoped<SavePlace>();
        services.AddScoped<ModeratePlace>();
        services.AddScoped<SuggestPlace>();
        services.AddScoped<FlagStalePlaces>();
        services.AddScoped<ConfirmPlace>();
        services.AddScoped<PlacesDemoData>();
        if (configuration.GetValue("Places:Freshness:Enabled", true))
        {
            services.AddHostedService<PlaceFreshnessService>();
        }

        var perMinute = configuration.GetValue("Places:SuggestionsPerMinute", 5);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(SuggestionLimit, context =>
            RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }
}
