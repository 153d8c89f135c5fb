namespace Tsunagari.Web.Features.Meetings;

public static class MeetingsSetup
{
    /// <summary>Output-cache tag of one meeting's public page; evicted when its seats change.</summary>
    public static string PageTag(int meetingId) => $"meeting-{meetingId}";

    /// <summary>タウンミーティング: registration, waitlist, reminders, staff tools. Public POSTs use <c>RateLimits.PublicPost</c>.</summary>
    public static IServiceCollection AddMeetings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<MeetingQueries>();
        services.AddScoped<MeetingMails>();
        services.AddScoped<RegisterForMeeting>();
        services.AddSingleton<RegistrationGate>();
        services.AddScoped<CancelRegistration>();
        services.AddScoped<SaveMeeting>();
        services.AddScoped<Salons.IOpenDataEventSource, MeetingEvents>();
        services.AddSingleton<MeetingReminders>();
        if (configuration.GetValue("Meetings:SendReminders", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<MeetingReminders>());
        }

        return services;
    }
}
