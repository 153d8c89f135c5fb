using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>Published opportunities with shifts still ahead, filtered by skill, area (its subtree) and date.</summary>
public sealed class OpportunityQuery(TsunagariDbContext db, AreaTree areas, TimeProvider clock)
{
    public async Task<(List<OpportunityListItem> Items, int Total)> SearchAsync(int? skill, int? area, DateOnly? from, int skip, int take, CancellationToken ct)
    {
        var start = clock.GetUtcNow();
        if (from is DateOnly day && JapanTime.ToInstant(day, TimeOnly.MinValue) > start)
        {
            start = JapanTime.ToInstant(day, TimeOnly.MinValue).ToUniversalTime();
        }

        var query = db.Set<Opportunity>().AsNoTracking().Where(o => o.IsPublished && o.Shifts.Any(s => s.StartsAt > start));
        if (skill is int skillId)
        {
            query = query.Where(o => o.SkillIds.Contains(skillId));
        }

        if (area is int areaId)
        {
            var ids = await areas.SubtreeIdsAsync(areaId, ct);
            query = query.Where(o => ids.Contains(o.AreaId));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(o => o.Shifts.Where(s => s.StartsAt > start).Min(s => s.StartsAt)).ThenBy(o => o.Id)
            .Skip(skip).Take(take)
            .Select(o => new
            {
                o.Id, o.Title, o.Description, o.HelpsWhom, o.HostName, o.AreaId, AreaName = o.Area!.Name, o.LocationText, o.SkillIds,
                Next = o.Shifts.Where(s => s.StartsAt > start).Min(s => s.StartsAt),
                Open = o.Shifts.Where(s => s.StartsAt > start).Sum(s => s.Slots - s.ConfirmedCount),
                Shifts = o.Shifts.Where(s => s.StartsAt > start).OrderBy(s => s.StartsAt).Take(20)
                    .Select(s => new ShiftListItem(s.Id, s.StartsAt, s.EndsAt, s.Slots, s.Slots - s.ConfirmedCount)).ToList(),
            })
            .ToListAsync(ct);
        var skills = await db.Set<Skill>().AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var items = rows.Select(r => new OpportunityListItem(
            r.Id, r.Title, r.Description, r.HelpsWhom, r.HostName, r.AreaId, r.AreaName, r.LocationText,
            r.SkillIds.Where(skills.ContainsKey).Select(s => skills[s]).ToList(), r.Next, r.Open, r.Shifts)).ToList();
        return (items, total);
    }
}

public sealed record OpportunityListItem(
    int Id, string Title, string Description, string HelpsWhom, string HostName, int AreaId, string AreaName, string LocationText,
    IReadOnlyList<string> Skills, DateTimeOffset NextShiftAt, int OpenSlots, IReadOnlyList<ShiftListItem> Shifts);

public sealed record ShiftListItem(int Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Slots, int OpenSlots);
