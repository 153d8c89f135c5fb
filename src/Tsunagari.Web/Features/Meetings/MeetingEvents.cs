using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>
/// Town meetings as rows of <c>/opendata/events.csv</c>: the public facts of the meeting page only — never registrants,
/// never the online link (registrants get it by mail) — and a linked 居場所 only through <see cref="PublicPlaces"/>.
/// </summary>
public sealed class MeetingEvents(TsunagariDbContext db, PublicPlaces places) : IOpenDataEventSource
{
    public async IAsyncEnumerable<OpenDataEvent> EventsAsync(DateOnly from, DateOnly to, Uri siteBase, [EnumeratorCancellation] CancellationToken ct)
    {
        var start = JapanTime.ToInstant(from, TimeOnly.MinValue).ToUniversalTime();
        var end = JapanTime.ToInstant(to.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var meetings = await db.Set<TownMeeting>().AsNoTracking()
            .Where(m => m.StartsAt >= start && m.StartsAt < end)
            .OrderBy(m => m.StartsAt).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id, m.AreaId, m.Title, m.Purpose, m.StartsAt, m.EndsAt, m.Organizers, m.Capacity, m.RegistrationDeadline,
                m.PlaceId, m.VenueName, m.VenueAddress, Online = m.OnlineUrl != null,
            })
            .ToListAsync(ct);
        var placeIds = meetings.Where(m => m.PlaceId != null).Select(m => m.PlaceId!.Value).Distinct().ToList();
        // Only what the public may see: a 非公開 or unpublished place is simply not found, a reduced one has no 番地.
        var venues = await places.Query().Where(p => placeIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.AddressArea, p.AddressDetail })
            .ToDictionaryAsync(p => p.Id, ct);
        foreach (var m in meetings)
        {
            var startsAt = m.StartsAt.ToJapan();
            var deadline = m.RegistrationDeadline.ToJapan();
            string placeName, address;
            if (m.PlaceId is int placeId && venues.TryGetValue(placeId, out var place))
            {
                placeName = place.Name;
                address = place.AddressArea + place.AddressDetail;
            }
            else
            {
                placeName = m.VenueName ?? "";
                address = m.VenueAddress ?? "";
            }

            if (placeName.Length == 0 && address.Length == 0 && m.Online)
            {
                placeName = "オンライン";
            }

            var url = new Uri(siteBase, $"/meetings/{m.Id}").ToString();
            yield return new OpenDataEvent(
                m.AreaId, $"MEETING{m.Id}", m.Title, DateOnly.FromDateTime(startsAt.DateTime), TimeOnly.FromDateTime(startsAt.DateTime),
                TimeOnly.FromDateTime(m.EndsAt.ToJapan().DateTime), m.Purpose, "", m.Organizers, placeName, address, m.Capacity, url,
                m.Online ? "オンラインでも参加できます" : "")
            {
                ApplicationDeadline = deadline.DateTime,
                HowToApply = "ウェブサイトから申し込み（" + url + "）",
            };
        }
    }
}
