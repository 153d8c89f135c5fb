using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Agenda;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>
/// <c>/council</c> — the 協議体 dashboard of the member's area: suppressed 地域課題 tables and trends, the KPI panel, a
/// printable meeting pack with the agenda, and the tables as CSV (in the reader's language, like the page). Aggregates only.
/// </summary>
[Route("council")]
[Authorize(Policy = Policies.Staff)]
public sealed class CouncilController(CouncilDashboard dashboard, AreaTree areas, TsunagariDbContext db, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public Task<IActionResult> Index(int? area, string? from, string? to, CancellationToken ct) =>
        ShowAsync(area, from, to, "Index", ct);

    /// <summary>The meeting pack: the same tables and the agenda items of the area, laid out for A4 paper.</summary>
    [HttpGet("pack")]
    public Task<IActionResult> Pack(int? area, string? from, string? to, CancellationToken ct) =>
        ShowAsync(area, from, to, "Pack", ct);

    [HttpGet("issues.csv")]
    public async Task<IActionResult> Csv(int? area, string? from, string? to, CancellationToken ct)
    {
        var (result, model) = await LoadAsync(area, from, to, ct);
        if (model is null)
        {
            return result!;
        }

        var below = l["{0}未満", model.K].Value;
        var hidden = l["秘匿"].Value;
        var total = CouncilDashboard.CsvField(l["合計"].Value);
        string Show(SuppressedCount count) => CouncilDashboard.CsvField(CouncilDashboard.Show(count, below, hidden));
        var csv = new StringBuilder();
        csv.Append('\uFEFF'); // Excel opens UTF-8 with a BOM as UTF-8
        csv.Append(CouncilDashboard.CsvField(model.Area.Name)).Append(',').Append(CouncilDashboard.CsvField(l["期間"].Value)).Append(',')
            .Append(CouncilDashboard.CsvField($"{model.From:yyyy-MM}〜{model.To:yyyy-MM}"))
            .Append(',').Append(CouncilDashboard.CsvField(l["基準"].Value)).Append(',')
            .Append(CouncilDashboard.CsvField(l["{0}未満は「{0}未満」、計算で分かってしまう件数は「秘匿」", model.K].Value)).Append("\r\n");
        foreach (var table in new[] { model.ByArea, model.ByMonth, model.ByYearAndStatus })
        {
            csv.Append("\r\n").Append(CouncilDashboard.CsvField(table.Caption)).Append("\r\n");
            csv.Append(CouncilDashboard.CsvField(table.RowHeader));
            foreach (var column in table.Columns)
            {
                csv.Append(',').Append(CouncilDashboard.CsvField(column));
            }

            csv.Append(',').Append(total).Append("\r\n");
            for (var r = 0; r < table.Rows.Count; r++)
            {
                csv.Append(CouncilDashboard.CsvField(table.Rows[r]));
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    csv.Append(',').Append(Show(table.Counts.Cell(r, c)));
                }

                csv.Append(',').Append(Show(table.Counts.RowTotal(r))).Append("\r\n");
            }

            csv.Append(total);
            for (var c = 0; c < table.Columns.Count; c++)
            {
                csv.Append(',').Append(Show(table.Counts.ColumnTotal(c)));
            }

            csv.Append(',').Append(Show(table.Counts.GrandTotal)).Append("\r\n");
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"council-issues-{model.Area.Id}-{model.From:yyyyMM}-{model.To:yyyyMM}.csv");
    }

    private async Task<IActionResult> ShowAsync(int? area, string? from, string? to, string view, CancellationToken ct)
    {
        var (result, model) = await LoadAsync(area, from, to, ct, view);
        if (model is null)
        {
            return result!;
        }

        if (view == "Pack")
        {
            // The chosen area lies in the member's scope, so its subtree does too.
            var subtree = await areas.SubtreeIdsAsync(model.Area.Id, ct);
            ViewData["Agenda"] = await AgendaQueries.PageAsync(db, subtree, null, 1, 50, ct);
        }

        return View(view, model);
    }

    private async Task<(IActionResult? Result, CouncilDashboardModel? Model)> LoadAsync(int? area, string? from, string? to, CancellationToken ct, string view = "")
    {
        var (outcome, chosen, choices) = await dashboard.ResolveAsync(User, area, ct);
        if (outcome == CouncilDashboard.Outcome.NoPermission)
        {
            return (Forbid(), null);
        }

        if (outcome == CouncilDashboard.Outcome.OutOfScope)
        {
            return (NotFound(), null);
        }

        var (defaultFrom, defaultTo) = dashboard.DefaultPeriod();
        var fromMonth = string.IsNullOrEmpty(from) ? defaultFrom : CouncilDashboard.ParseMonth(from);
        var toMonth = string.IsNullOrEmpty(to) ? defaultTo : CouncilDashboard.ParseMonth(to);
        if (fromMonth is null || toMonth is null || toMonth < fromMonth || CouncilDashboard.MonthsBetween(fromMonth.Value, toMonth.Value) >= CouncilDashboard.MaxMonths)
        {
            var message = l["期間は、はじめの月からおわりの月まで60か月以内で指定してください（例: 2026-04）。"].Value;
            if (view != "Index")
            {
                return (BadRequest(message), null);
            }

            // The page itself answers 400 with the message above the form and the last 12 months below it.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["PeriodError"] = message;
            fromMonth = defaultFrom;
            toMonth = defaultTo;
        }

        return (null, await dashboard.BuildAsync(chosen!, choices, fromMonth.Value, toMonth.Value, ct));
    }
}
