using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// Volunteers who might fill a shift: profiles that accept invitations, share a wanted skill or an area, are not
/// signed up already and have no confirmed shift at that time; ranked by <see cref="VolunteerMatching"/>.
/// </summary>
public sealed class SuggestVolunteers(TsunagariDbContext db, AreaTree areas)
{
    public async Task<IReadOnlyList<VolunteerMatching.Suggestion>> HandleAsync(Shift shift, Opportunity opportunity, CancellationToken ct)
    {
        var areaPath = await areas.PathOfAsync(opportunity.AreaId, ct) ?? "";
        var ancestors = areaPath.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture));
        var nearby = (await areas.SubtreeIdsAsync(opportunity.AreaId, ct)).Concat(ancestors).Distinct().ToList();
        var skills = opportunity.SkillIds;
        var signups = db.Set<ShiftSignup>().Where(s => s.Status != SignupStatus.Cancelled);
        var profiles = await db.Set<VolunteerProfile>().AsNoTracking()
            .Where(p => p.AcceptsInvitations)
            .Where(p => p.SkillIds.Any(s => skills.Contains(s)) || p.AreaIds.Any(a => nearby.Contains(a)))
            .Where(p => !signups.Any(s => s.UserId == p.UserId && s.ShiftId == shift.Id))
            .Where(p => !signups.Any(s => s.UserId == p.UserId && s.Status == SignupStatus.Confirmed && s.StartsAt < shift.EndsAt && s.EndsAt > shift.StartsAt))
            .Select(p => new { p.UserId, p.User!.DisplayName, p.SkillIds, p.AreaIds, p.Weekdays, p.TimeBands })
            .Take(2000)
            .ToListAsync(ct);
        var areaIds = profiles.SelectMany(p => p.AreaIds).Distinct().ToList();
        var paths = await db.Areas.Where(a => areaIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Path, ct);
        var candidates = profiles.Select(p => new VolunteerMatching.Candidate(
            p.UserId, p.DisplayName, p.SkillIds, p.AreaIds.Where(paths.ContainsKey).Select(a => paths[a]).ToList(), p.Weekdays, p.TimeBands));
        return VolunteerMatching.Rank(new VolunteerMatching.Need(skills, areaPath, shift.StartsAt), candidates);
    }
}
