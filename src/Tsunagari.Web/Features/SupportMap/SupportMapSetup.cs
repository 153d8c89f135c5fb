using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Tsunagari.Web.Features.LocalIssues;

namespace Tsunagari.Web.Features.SupportMap;

public static class SupportMapSetup
{
    /// <summary>Per client address, <see cref="SupportMapOptions.SubmissionsPerHour"/> entries an hour (page and API).</summary>
    public const string SubmissionRateLimit = "map-submission";

    /// <summary>Output-cache tag of the public points, evicted when a point is approved.</summary>
    public const string PointsCacheTag = "map-points";

    public static IServiceCollection AddSupportMap(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SupportMapOptions>().BindConfiguration(SupportMapOptions.Section)
            .Validate(o => o.RetentionDays >= 1 && o.MinFillSeconds >= 0 && o.SubmissionsPerHour >= 1 && o.PurgeInterval > TimeSpan.Zero,
                "SupportMap: RetentionDays and SubmissionsPerHour must be at least 1, PurgeInterval positive.")
            .ValidateOnStart();
        var perHour = configuration.GetValue($"{SupportMapOptions.Section}:{nameof(SupportMapOptions.SubmissionsPerHour)}", new SupportMapOptions().SubmissionsPerHour);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(SubmissionRateLimit, context =>
            RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 })));

        services.AddScoped<SupportMapAreas>();
        services.AddScoped<SubmissionFormToken>();
        services.AddScoped<SubmitToMap>();
        services.AddScoped<ModerateSubmission>();
        services.AddScoped<EnterNotes>();
        services.AddScoped<PurgeRawSubmissions>();
        services.AddScoped<CreateLocalIssue>();
        services.AddScoped<SimilarIssues>();
        services.AddHostedService<SubmissionRetentionJob>();
        return services;
    }
}
