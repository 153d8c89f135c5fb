using Tsunagari.Web.Features.Agenda;

namespace Tsunagari.Web.Features.Staff;

public static class StaffSetup
{
    /// <summary>The coordinator dashboard on <c>/staff</c> and the agenda builder it leads to.</summary>
    public static IServiceCollection AddCoordinatorDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddScoped<CoordinatorScope>();
        services.AddScoped<CoordinatorInbox>();
        services.AddScoped<IssueMatrix>();
        services.AddScoped<NeedsAndResources>();
        services.AddScoped<CreateAgendaItem>();
        services.AddScoped<FollowUpAgendaItem>();
        return services;
    }
}
