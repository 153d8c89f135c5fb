using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Staff;

/// <summary>
/// <c>/staff/dashboard/…</c> — the coordinator's views over one area subtree of their grants: 地域課題 by category × area ×
/// month with drill-down, and needs vs resources per 圏域 (sortable table and choropleth).
/// </summary>
[Route("staff/dashboard")]
[Authorize(Policy = Policies.Staff)]
public sealed class CoordinatorDashboardController(
    TsunagariDbContext db, CoordinatorScope scope, IssueMatrix matrix, NeedsAndResources needs, TimeProvider clock) : Controller
{
    /// <summary>The longest month range a page shows.</summary>
    public const int MaxMonths = 60;

    [HttpGet("issues")]
    public async Task<IActionResult> Issues(int? area, string? from, string? to, CancellationToken ct)
    {
        var (outcome, view) = await scope.ResolveAsync(User, area, ct);
        if (view is null)
        {
            return outcome == CoordinatorScope.Outcome.OutOfScope ? NotFound() : Forbid();
        }

        var range = MonthRange.Parse(from, to, JapanTime.Today(clock), MaxMonths);
        if (range.Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var result = await matrix.QueryAsync(view.Area, range.From, range.To, ct);
        return View("Issues", new IssueMatrixViewModel(view, range, result));
    }

    [HttpGet("needs")]
    public async Task<IActionResult> Needs(
        int? area, string? level, string? from, string? to, int? categoryId, int? skillId, string? sort, string? dir, string? map, CancellationToken ct)
    {
        var (outcome, view) = await scope.ResolveAsync(User, area, ct);
        if (view is null)
        {
            return outcome == CoordinatorScope.Outcome.OutOfScope ? NotFound() : Forbid();
        }

        var today = JapanTime.Today(clock);
        var range = MonthRange.Parse(from, to, today, MaxMonths);
        if (range.Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var levels = await needs.LevelsBelowAsync(view.Area, ct);
        var chosenLevel = level is not null && levels.Contains(level) ? level : null;
        var categories = await db.Set<IssueCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);
        var skills = await db.Set<Skill>().AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);
        var category = categories.Any(c => c.Id == categoryId) ? categoryId : null;
        var skill = skills.Any(s => s.Id == skillId) ? skillId : null;
        var sessionMonth = new DateOnly(today.Year, today.Month, 1);
        var rows = await needs.QueryAsync(view.Area, new NeedsQuery(range.From, range.To, category, skill, chosenLevel, sessionMonth, clock.GetUtcNow()), ct);

        var sortKey = NeedsColumns.All.Contains(sort) ? sort! : NeedsColumns.Name;
        var descending = dir == "desc";
        var sorted = NeedsColumns.Sort(rows, sortKey, descending).ToList();
        var mapKey = NeedsColumns.Mappable.Contains(map) ? map! : NeedsColumns.PlacesPer1000;
        var choropleth = Choropleth.Build(rows.Where(r => r.BoundaryGeoJson is not null)
            .Select(r => (r.AreaId, r.Name, r.BoundaryGeoJson!, NeedsColumns.Value(r, mapKey))));
        return View("Needs", new NeedsViewModel(
            view, range, levels, chosenLevel, categories, category, skills, skill, sessionMonth, sorted, sortKey, descending, mapKey, choropleth));
    }
}

/// <summary>
/// A month range from <c>YYYY-MM</c> strings; defaults to the last 12 months up to this month. <see cref="Error"/> is a
/// resource key (Japanese) whose {0} is <see cref="MaxMonths"/>.
/// </summary>
public sealed record MonthRange(DateOnly From, DateOnly To, string? Error, int MaxMonths)
{
    public string FromText => From.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public string ToText => To.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static MonthRange Parse(string? from, string? to, DateOnly today, int maxMonths)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var defaultRange = new MonthRange(thisMonth.AddMonths(-11), thisMonth, null, maxMonths);
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(to))
        {
            return defaultRange;
        }

        var f = ParseMonth(from);
        var t = ParseMonth(to) ?? (string.IsNullOrEmpty(to) ? thisMonth : null);
        f ??= string.IsNullOrEmpty(from) && t is DateOnly tt ? tt.AddMonths(-11) : null;
        if (f is not DateOnly fm || t is not DateOnly tm || fm > tm || fm.Year < 2000 || tm.Year > 2100)
        {
            return defaultRange with { Error = "期間は 2026-04 のような月で、はじめの月が終わりの月より前になるように選んでください。直近12か月を表示しています。" };
        }

        if (((tm.Year - fm.Year) * 12) + tm.Month - fm.Month >= maxMonths)
        {
            return new MonthRange(tm.AddMonths(-(maxMonths - 1)), tm, "一度に表示できるのは{0}か月までです。終わりの月から{0}か月を表示しています。", maxMonths);
        }

        return new MonthRange(fm, tm, null, maxMonths);
    }

    private static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;
}

public sealed record IssueMatrixViewModel(CoordinatorView View, MonthRange Range, IssueMatrixResult Matrix);

public sealed record NeedsViewModel(
    CoordinatorView View, MonthRange Range, IReadOnlyList<string> Levels, string? Level,
    IReadOnlyList<IssueCategory> Categories, int? CategoryId, IReadOnlyList<Skill> Skills, int? SkillId, DateOnly SessionMonth,
    IReadOnlyList<NeedsRow> Rows, string Sort, bool Descending, string MapColumn, ChoroplethMap? Map);
