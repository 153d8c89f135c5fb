using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Dashboards;
using Tsunagari.Web.Features.LocalIssues;

namespace Tsunagari.Web.Features.Staff;

/// <summary>One column of the matrix: a child area (its whole subtree) or the chosen area itself.</summary>
public sealed record MatrixColumn(int AreaId, string Name, bool IsSelf, bool HasChildren);

/// <summary>
/// 地域課題 by category × area × month for a coordinator: exact counts (coordinators are entitled to them), never outside the
/// chosen subtree. Columns are the chosen area's children; issues recorded on the chosen area itself get their own column.
/// </summary>
public sealed record IssueMatrixResult(
    IReadOnlyList<IssueCategory> Categories, IReadOnlyList<MatrixColumn> Columns, IReadOnlyList<DateOnly> Months,
    IReadOnlyDictionary<(int Category, int Area), int> ByArea, IReadOnlyDictionary<(int Category, DateOnly Month), int> ByMonth)
{
    public int Cell(int category, int area) => ByArea.GetValueOrDefault((category, area));

    public int CellMonth(int category, DateOnly month) => ByMonth.GetValueOrDefault((category, month));

    public int CategoryTotal(int category) => Columns.Sum(c => Cell(category, c.AreaId));

    public int AreaTotal(int area) => Categories.Sum(c => Cell(c.Id, area));

    public int MonthTotal(DateOnly month) => Categories.Sum(c => CellMonth(c.Id, month));

    public int Total => ByArea.Values.Sum();
}

public sealed class IssueMatrix(TsunagariDbContext db, IssueRollupQueries rollup)
{
    public async Task<IssueMatrixResult> QueryAsync(ScopeArea area, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var categories = await db.Set<IssueCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);
        var children = await db.Areas.AsNoTracking().Where(a => a.ParentId == area.Id).OrderBy(a => a.SortOrder).ThenBy(a => a.Code)
            .Select(a => new MatrixColumn(a.Id, a.Name, false, db.Areas.Any(c => c.ParentId == a.Id)))
            .ToListAsync(ct);

        // The rollup counts every issue under its own area and each ancestor: the children's rows are their subtrees,
        // and what the chosen area holds directly is its own total minus its children's.
        const IssueDimensions byCategoryMonth = IssueDimensions.Category | IssueDimensions.Month;
        var byChild = await rollup.CountsAsync(new IssueCountQuery(area.Id, area.Depth + 1, from, to, IssueDimensions.Area | byCategoryMonth), ct);
        var totals = await rollup.CountsAsync(new IssueCountQuery(area.Id, area.Depth, from, to, byCategoryMonth), ct);
        var rows = byChild.Select(c => (Column: c.AreaId!.Value, Category: c.CategoryId!.Value, Month: c.Month!.Value, c.Count)).ToList();
        var childSums = rows.GroupBy(r => (r.Category, r.Month)).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
        rows.AddRange(totals
            .Select(t => (Column: area.Id, Category: t.CategoryId!.Value, Month: t.Month!.Value, Count: t.Count - childSums.GetValueOrDefault((t.CategoryId!.Value, t.Month!.Value))))
            .Where(r => r.Count > 0));

        var columns = new List<MatrixColumn>(children);
        if (rows.Any(r => r.Column == area.Id))
        {
            columns.Insert(0, new MatrixColumn(area.Id, area.Name, true, false));
        }

        var months = new List<DateOnly>();
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        var byArea = rows.GroupBy(r => (r.Category, r.Column)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var byMonth = rows.GroupBy(r => (r.Category, r.Month)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var used = categories.Where(c => c.IsActive || byArea.Keys.Any(k => k.Category == c.Id)).ToList();
        return new IssueMatrixResult(used, columns, months, byArea, byMonth);
    }
}
