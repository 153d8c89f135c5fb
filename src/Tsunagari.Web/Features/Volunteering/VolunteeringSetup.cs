namespace Tsunagari.Web.Features.Volunteering;

public static class VolunteeringSetup
{
    public static IServiceCollection AddVolunteering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VolunteeringOptions>().BindConfiguration(VolunteeringOptions.Section).ValidateOnStart();
        services.AddScoped<VolunteerMails>();
        services.AddScoped<SignUpForShift>();
        services.AddScoped<CancelSignup>();
        services.AddScoped<ShiftReminders>();
        services.AddScoped<OpportunityAccess>();
        services.AddScoped<SaveOpportunity>();
        services.AddScoped<AddShifts>();
        services.AddScoped<SuggestVolunteers>();
        services.AddScoped<OpportunityQuery>();
        services.AddHostedService<VolunteeringDemoData>();
        if (configuration.GetValue("Volunteering:RemindersEnabled", true))
        {
            services.AddHostedService<ShiftReminderService>();
        }

        return services;
    }
}
