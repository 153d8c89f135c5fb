using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Salons;

/// <summary>One session as the public sees it: public salons only, no personal data.</summary>
public sealed record SessionListItem(
    long Id, int SalonId, string SalonName, DateOnly Date, TimeOnly StartTime, TimeOnly EndTime,
    string VenueName, string VenueAddress, bool VenueChanged, bool TimeChanged, bool IsCancelled, string? CancelReason,
    string ForWhom, string Fee, int AreaId);

/// <summary>Public reads of salons and sessions (calendar, print sheet, feeds, API).</summary>
public sealed class SalonCalendar(TsunagariDbContext db, AreaTree areas)
{
    /// <summary>Sessions of public salons between two dates (inclusive), optionally within an area's subtree, for one audience or one salon.</summary>
    public async Task<List<SessionListItem>> SessionsAsync(int? areaId, string? forWhom, DateOnly from, DateOnly to, CancellationToken ct, int? salonId = null)
    {
        var query = db.Set<SalonSession>().AsNoTracking().Where(s => s.Date >= from && s.Date <= to && s.Salon!.IsPublic);
        if (areaId is int area)
        {
            var ids = await areas.SubtreeIdsAsync(area, ct);
            query = query.Where(s => ids.Contains(s.Salon!.AreaId));
        }

        if (!string.IsNullOrEmpty(forWhom))
        {
            query = query.Where(s => s.Salon!.ForWhom == forWhom);
        }

        if (salonId is int id)
        {
            query = query.Where(s => s.SalonId == id);
        }

        return await query
            .OrderBy(s => s.Date).ThenBy(s => s.StartTime).ThenBy(s => s.Salon!.Name).ThenBy(s => s.Id)
            .Select(s => new SessionListItem(
                s.Id, s.SalonId, s.Salon!.Name, s.Date, s.StartTime, s.EndTime,
                s.VenueName ?? s.Salon.VenueName, s.VenueName == null ? s.Salon.VenueAddress : s.VenueAddress ?? "",
                s.VenueName != null, s.TimeChanged, s.IsCancelled, s.CancelReason, s.Salon.ForWhom, s.Salon.Fee, s.Salon.AreaId))
            .ToListAsync(ct);
    }

    public Task<Salon?> PublicSalonAsync(int id, CancellationToken ct) =>
        db.Set<Salon>().AsNoTracking().Include(s => s.Area).SingleOrDefaultAsync(s => s.Id == id && s.IsPublic, ct);
}
