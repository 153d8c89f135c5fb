using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>
/// <c>/opendata/issues.csv?level=&amp;from=&amp;to=</c> — anonymized 地域課題 counts by month × area × category for the
/// whole municipality, each month's area × category table suppressed exactly as on the council dashboard (ADR 014).
/// Streamed month by month.
/// </summary>
[Route("opendata/issues.csv")]
public sealed class IssuesOpenDataController(
    TsunagariDbContext db, IssueRollupQueries rollup, CouncilDashboard dashboard, IOptions<DashboardOptions> options) : Controller
{
    [HttpGet("")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public async Task<IActionResult> Get(int? level, string? from, string? to, CancellationToken ct)
    {
        var (defaultFrom, defaultTo) = dashboard.DefaultPeriod();
        var fromMonth = string.IsNullOrEmpty(from) ? defaultFrom : CouncilDashboard.ParseMonth(from);
        var toMonth = string.IsNullOrEmpty(to) ? defaultTo : CouncilDashboard.ParseMonth(to);
        var depth = level ?? options.Value.ReportingLevel;
        if (fromMonth is null || toMonth is null || toMonth < fromMonth
            || CouncilDashboard.MonthsBetween(fromMonth.Value, toMonth.Value) >= CouncilDashboard.MaxMonths || depth is < 0 or > 20)
        {
            return BadRequest("from と to は YYYY-MM の形で60か月以内、level は 0〜20 で指定してください。");
        }

        var k = options.Value.SuppressionK;
        var suppression = new SmallCellSuppression(k);
        var categories = await db.Set<IssueCategory>().AsNoTracking().OrderBy(c => c.SortOrder).Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct);
        var columnOf = categories.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var roots = await db.Areas.AsNoTracking().Where(a => a.ParentId == null && a.Depth <= depth).OrderBy(a => a.SortOrder).ThenBy(a => a.Code).Select(a => a.Id).ToListAsync(ct);
        var areas = new List<RollupArea>();
        var counts = new List<IssueCount>();
        foreach (var root in roots)
        {
            areas.AddRange(await rollup.AreasAtLevelAsync(root, depth, ct));
            counts.AddRange(await rollup.CountsAsync(
                new IssueCountQuery(root, depth, fromMonth.Value, toMonth.Value, IssueDimensions.Area | IssueDimensions.Category | IssueDimensions.Month), ct));
        }

        var rowOf = areas.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var byMonth = counts.GroupBy(c => c.Month!.Value).ToDictionary(g => g.Key, g => g.ToList());

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"issues-{fromMonth:yyyyMM}-{toMonth:yyyyMM}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync("年月,地域コード,地域名,分類コード,分類名,件数\r\n");
        for (var month = fromMonth.Value; month <= toMonth.Value; month = month.AddMonths(1))
        {
            var cells = new int[areas.Count, categories.Count];
            foreach (var c in byMonth.GetValueOrDefault(month) ?? [])
            {
                if (rowOf.TryGetValue(c.AreaId!.Value, out var r))
                {
                    cells[r, columnOf[c.CategoryId!.Value]] += c.Count;
                }
            }

            var table = suppression.Apply(new CountTable(cells));
            var line = new StringBuilder();
            for (var r = 0; r < areas.Count; r++)
            {
                for (var c = 0; c < categories.Count; c++)
                {
                    line.Clear().Append(month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Append(',')
                        .Append(CouncilDashboard.CsvField(areas[r].Code)).Append(',').Append(CouncilDashboard.CsvField(areas[r].Name)).Append(',')
                        .Append(CouncilDashboard.CsvField(categories[c].Code)).Append(',').Append(CouncilDashboard.CsvField(categories[c].Name)).Append(',')
                        .Append(CouncilDashboard.Show(table.Cell(r, c), k).Replace(",", "", StringComparison.Ordinal)).Append("\r\n");
                    await writer.WriteAsync(line, ct);
                }
            }

            await writer.FlushAsync(ct);
        }

        return new EmptyResult();
    }
}
