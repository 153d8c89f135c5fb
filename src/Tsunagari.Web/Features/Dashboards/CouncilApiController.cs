using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>
/// <c>GET /api/v1/council/issues/summary?areaId=&amp;level=&amp;from=&amp;to=</c> — 地域課題 counts by area (at depth
/// <c>level</c>) × category for the months <c>from</c>..<c>to</c> (YYYY-MM), suppressed (ADR 014). Aggregates only.
/// </summary>
[ApiController]
[Route("api/v1/council/issues")]
[Authorize(Policy = Policies.Staff)]
public sealed class CouncilApiController(
    IssueRollupQueries rollup, AreaAccess access, TsunagariDbContext db, IOptions<DashboardOptions> options) : ControllerBase
{
    [HttpGet("summary")]
    public async Task<IActionResult> Summary(int? areaId, int? level, string? from, string? to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (areaId is null)
        {
            errors["areaId"] = ["areaId を指定してください。"];
        }

        var fromMonth = ParseMonth(from, "from", errors);
        var toMonth = ParseMonth(to, "to", errors);
        if (fromMonth is { } f && toMonth is { } t && (t < f || t > f.AddYears(10)))
        {
            errors["to"] = ["to は from 以降、10年以内の月にしてください。"];
        }

        if (errors.Count > 0)
        {
            return ValidationProblem(new ValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest });
        }

        if (!await access.CanAsync(User, Permission.ViewCouncilDashboard, areaId!.Value, ct))
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "この地域の集計は見られません。");
        }

        var depth = await db.Areas.Where(a => a.Id == areaId).Select(a => a.Depth).SingleAsync(ct);
        var reportLevel = level ?? depth + 1;
        if (reportLevel < depth || reportLevel > depth + 10)
        {
            return ValidationProblem(new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["level"] = [$"level は {depth.ToString(CultureInfo.InvariantCulture)} 以上にしてください。"],
            }) { Status = StatusCodes.Status400BadRequest });
        }

        var areas = await rollup.AreasAtLevelAsync(areaId.Value, reportLevel, ct);
        var categories = await db.Set<IssueCategory>().AsNoTracking().OrderBy(c => c.SortOrder).Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct);
        var counts = await rollup.CountsAsync(
            new IssueCountQuery(areaId.Value, reportLevel, fromMonth!.Value, toMonth!.Value, IssueDimensions.Area | IssueDimensions.Category), ct);
        var rowOf = areas.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var columnOf = categories.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var cells = new int[areas.Count, categories.Count];
        foreach (var count in counts)
        {
            cells[rowOf[count.AreaId!.Value], columnOf[count.CategoryId!.Value]] += count.Count;
        }

        var k = options.Value.SuppressionK;
        var table = new SmallCellSuppression(k).Apply(new CountTable(cells));
        return Ok(new IssueSummaryResponse(
            areaId.Value, reportLevel, Month(fromMonth.Value), Month(toMonth.Value), k,
            categories.Select((c, j) => new IssueSummaryCategory(c.Code, c.Name, Show(table.ColumnTotal(j)))).ToList(),
            areas.Select((a, i) => new IssueSummaryRow(
                a.Id, a.Name, Show(table.RowTotal(i)),
                categories.Select((c, j) => Show(table.Cell(i, j))).ToList())).ToList(),
            Show(table.GrandTotal)));
    }

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateOnly? ParseMonth(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (CouncilDashboard.ParseMonth(value) is { } month)
        {
            return month;
        }

        errors[name] = [$"{name} は YYYY-MM の形で指定してください（例: 2026-04）。"];
        return null;
    }

    /// <summary>A published count, or null with its mark: the value of a hidden count never leaves the server.</summary>
    private static IssueSummaryCount Show(SuppressedCount count) => count.State switch
    {
        CountState.Published => new IssueSummaryCount(count.Value, null),
        CountState.BelowThreshold => new IssueSummaryCount(null, "below-k"),
        _ => new IssueSummaryCount(null, "suppressed"),
    };
}

public sealed record IssueSummaryResponse(
    int AreaId, int Level, string From, string To, int K, IReadOnlyList<IssueSummaryCategory> Categories,
    IReadOnlyList<IssueSummaryRow> Rows, IssueSummaryCount Total);

public sealed record IssueSummaryCategory(string Code, string Name, IssueSummaryCount Total);

public sealed record IssueSummaryRow(int AreaId, string AreaName, IssueSummaryCount Total, IReadOnlyList<IssueSummaryCount> Counts);

/// <summary><c>count</c> when published; otherwise null and <c>mark</c> is <c>below-k</c> (1..k-1) or <c>suppressed</c>.</summary>
public sealed record IssueSummaryCount(int? Count, string? Mark);
