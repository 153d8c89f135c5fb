using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>The iCalendar (RFC 5545) file of a meeting: mail attachment and <c>/meetings/{id}.ics</c>.</summary>
public static class MeetingCalendar
{
    public const string TimeZoneId = "Asia/Tokyo";

    public static string Build(TownMeeting meeting, string pageUrl)
    {
        var calendar = new Calendar { ProductId = "-//Tsunagari//Town meetings//JA", Method = "PUBLISH" };
        calendar.AddTimeZone(new VTimeZone(TimeZoneId));
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"town-meeting-{meeting.Id}@tsunagari",
            Summary = meeting.Title,
            Description = string.Join("\n\n", new[] { meeting.Purpose, pageUrl }.Where(s => !string.IsNullOrWhiteSpace(s))),
            Location = Venue(meeting),
            Start = new CalDateTime(meeting.StartsAt.ToJapan().DateTime, TimeZoneId),
            End = new CalDateTime(meeting.EndsAt.ToJapan().DateTime, TimeZoneId),
            DtStamp = new CalDateTime(meeting.UpdatedAt.UtcDateTime, "UTC"),
            Url = new Uri(pageUrl),
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>Venue text as people read it: name, address, or "オンライン".</summary>
    public static string Venue(TownMeeting meeting) =>
        string.Join(" ", new[] { meeting.VenueName, meeting.VenueAddress }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } place
            ? place
            : "オンライン";
}
