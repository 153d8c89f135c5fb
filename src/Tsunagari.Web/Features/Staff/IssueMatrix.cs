using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Tsunagari.Web.Data;
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

public sealed class IssueMatrix(TsunagariDbContext db)
{
    public async Task<IssueMatrixResult> QueryAsync(ScopeArea area, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var categories = await db.Set<IssueCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);
        var children = await db.Areas.AsNoTracking().Where(a => a.ParentId == area.Id).OrderBy(a => a.SortOrder).ThenBy(a => a.Code)
            .Select(a => new MatrixColumn(a.Id, a.Name, false, db.Areas.Any(c => c.ParentId == a.Id)))
            .ToListAsync(ct);

        // Map every area of the subtree to its column once (2,000 areas at most), then aggregate the counts by that map.
        var rows = await DashboardSql.QueryAsync(db, $"""
            WITH map AS (
                SELECT a.id AS area_id, COALESCE(k.id, @area) AS column_id
                FROM areas a
                LEFT JOIN areas k ON k.parent_id = @area AND (a.path = k.path OR a.path LIKE k.path || '.%')
                WHERE a.path = @path OR a.path LIKE @path || '.%'
            )
            SELECT m.column_id, s.category_id, s.month, {IssueCountSource.CountExpression}::int
            FROM {IssueCountSource.Table} s
            JOIN map m ON m.area_id = s.area_id
            WHERE s.month BETWEEN @from AND @to
            GROUP BY m.column_id, s.category_id, s.month
            """,
            p =>
            {
                p.AddWithValue("area", area.Id);
                p.AddWithValue("path", area.Path);
                p.AddWithValue("from", NpgsqlDbType.Date, from);
                p.AddWithValue("to", NpgsqlDbType.Date, to);
            },
            r => (Column: r.GetInt32(0), Category: r.GetInt32(1), Month: DateOnly.FromDateTime(r.GetDateTime(2)), Count: r.GetInt32(3)),
            ct);

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

/// <summary>Where the dashboards read 地域課題 counts from (one place to point at the rollup).</summary>
internal static class IssueCountSource
{
    public const string Table = "local_issues";

    public const string CountExpression = "count(*)";
}
