namespace Tsunagari.Web.Features.Dashboards;

public static class DashboardsSetup
{
    public static IServiceCollection AddDashboards(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IssueRollupQueries>();
        services.AddScoped<CouncilDashboard>();
        services.AddScoped<CouncilKpiRollup>();
        if (configuration.GetValue("Dashboards:KpiRefreshEnabled", true))
        {
            services.AddHostedService<CouncilKpiRefreshJob>();
        }

        return services;
    }
}
