using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// Ranks volunteers for an unfilled shift by how well they fit: skills wanted, areas where they help, and whether the
/// shift falls on a weekday and time of day they said they are free. Pure: no I/O, so the order is unit-tested.
/// </summary>
public static class VolunteerMatching
{
    public sealed record Need(IReadOnlyCollection<int> SkillIds, string AreaPath, DateTimeOffset StartsAt);

    public sealed record Candidate(Guid UserId, string Name, IReadOnlyCollection<int> SkillIds, IReadOnlyCollection<string> AreaPaths, int Weekdays, int TimeBands);

    public sealed record Suggestion(Candidate Candidate, int Score, int SkillMatches, bool AreaFits, bool DayFits, bool TimeFits);

    /// <summary>Best first; ties by name so the list is stable. Candidates that fit nothing at all are left out.</summary>
    public static IReadOnlyList<Suggestion> Rank(Need need, IEnumerable<Candidate> candidates, int take = 10) =>
        candidates
            .Select(c => Score(need, c))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Candidate.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Candidate.UserId)
            .Take(take)
            .ToList();

    /// <summary>A skill counts most (3 each), then the area (2), then the day (1) and the time of day (1).</summary>
    public static Suggestion Score(Need need, Candidate candidate)
    {
        var skills = candidate.SkillIds.Intersect(need.SkillIds).Count();
        // Either the volunteer's area contains the need (they chose the whole 圏域) or lies inside it.
        var area = candidate.AreaPaths.Any(p => Area.Covers(p, need.AreaPath) || Area.Covers(need.AreaPath, p));
        var local = need.StartsAt.ToJapan();
        var day = (candidate.Weekdays & WeekdayBit(local.DayOfWeek)) != 0;
        var time = (candidate.TimeBands & TimeBandBit(local.Hour)) != 0;
        var score = (skills * 3) + (area ? 2 : 0) + (day ? 1 : 0) + (time ? 1 : 0);
        return new Suggestion(candidate, score, skills, area, day, time);
    }

    /// <summary>Bit 0 = Monday … bit 6 = Sunday, as stored on <see cref="VolunteerProfile.Weekdays"/>.</summary>
    public static int WeekdayBit(DayOfWeek day) => 1 << (((int)day + 6) % 7);

    public static int TimeBandBit(int hour) => hour < 12 ? 1 : hour < 17 ? 2 : 4;
}
