using System.Text;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.SupportMap;

namespace Tsunagari.Web.Features.LocalIssues;

/// <summary>
/// 似ている地域課題 — issues already recorded in the same reporting area, ranked by character-bigram overlap of the
/// summaries (Japanese has no spaces, and pg_trgm ignores non-ASCII under the C locale) plus a bonus for the same
/// category. Candidates are the area's issues of the last two years, newest first, so the work stays bounded.
/// </summary>
public sealed class SimilarIssues(TsunagariDbContext db, SupportMapAreas areas, TimeProvider clock)
{
    private const int Candidates = 500;

    public async Task<IReadOnlyList<SimilarIssue>> FindAsync(int areaId, int? categoryId, string? text, CancellationToken ct)
    {
        var reportingArea = await areas.ReportingAreaAsync(areaId, ct);
        if (reportingArea is null)
        {
            return [];
        }

        var since = JapanTime.Today(clock).AddYears(-2);
        var candidates = await db.Set<LocalIssue>().AsNoTracking()
            .Where(i => i.AreaId == reportingArea && i.Month >= since)
            .OrderByDescending(i => i.Month).ThenByDescending(i => i.CreatedAt)
            .Take(Candidates)
            .Join(db.Set<IssueCategory>(), i => i.CategoryId, c => c.Id, (i, c) => new { i.Id, i.CategoryId, Category = c.Name, i.Month, i.Summary, i.Status })
            .ToListAsync(ct);
        var query = Bigrams(text);
        return candidates
            .Select(c => new SimilarIssue(c.Id, c.Category, c.Month, c.Summary, c.Status,
                Dice(query, Bigrams(c.Summary)) + (c.CategoryId == categoryId ? 0.15 : 0)))
            .Where(s => s.Score >= 0.3)
            .OrderByDescending(s => s.Score).ThenByDescending(s => s.Month)
            .Take(5)
            .ToList();
    }

    private static HashSet<string> Bigrams(string? text)
    {
        var normalized = (text ?? "").Normalize(NormalizationForm.FormKC);
        var letters = new string(normalized.Where(char.IsLetterOrDigit).ToArray());
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < letters.Length; i++)
        {
            set.Add(letters.Substring(i, 2));
        }

        return set;
    }

    private static double Dice(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);
}

public sealed record SimilarIssue(Guid Id, string Category, DateOnly Month, string Summary, IssueStatus Status, double Score);
