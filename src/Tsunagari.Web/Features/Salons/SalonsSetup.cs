using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Web.Features.Salons;

public static class SalonsSetup
{
    /// <summary>Output-cache tag of every public page, feed and API answer that shows salons.</summary>
    public const string CacheTag = "salons";

    public static IServiceCollection AddSalons(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IHolidayCalendar>(JapaneseHolidays.Instance);
        services.AddScoped<SalonAccess>();
        services.AddScoped<SalonSessionPlanner>();
        services.AddScoped<SaveSalon>();
        services.AddScoped<ChangeSession>();
        services.AddScoped<SalonCalendar>();
        services.AddScoped<SalonFeeds>();
        services.AddScoped<IOpenDataEventSource>(sp => sp.GetRequiredService<SalonFeeds>());
        if (configuration.GetValue("Salons:HorizonJob", true))
        {
            services.AddHostedService<SalonHorizonJob>();
        }

        return services;
    }
}
