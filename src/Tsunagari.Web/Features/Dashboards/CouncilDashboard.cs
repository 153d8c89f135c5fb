using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>
/// One suppressed table as the council sees it: row and column labels, cells and margins (ADR 014). The caption and the
/// labels are in the reader's language (status names, months); area and category names are data.
/// </summary>
public sealed record CouncilTable(string Caption, string RowHeader, IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, SuppressedTable Counts);

/// <summary>One KPI: a label and a count that went through the same suppression as every other count.</summary>
public sealed record CouncilKpi(string Label, SuppressedCount? Count, string Unit, string? Note = null);

public sealed record CouncilScopeArea(int Id, string Name, string Level, int Depth, string Path);

/// <summary>Everything <c>/council</c> shows; aggregates only — no text of any 地域課題, no submission.</summary>
public sealed record CouncilDashboardModel(
    CouncilScopeArea Area,
    IReadOnlyList<CouncilScopeArea> Choices,
    DateOnly From,
    DateOnly To,
    int K,
    CouncilTable ByArea,
    CouncilTable ByMonth,
    CouncilTable ByYearAndStatus,
    IReadOnlyList<CouncilKpi> Kpis,
    DateTimeOffset? KpisAsOf,
    int KpisRefreshMinutes);

/// <summary>
/// Builds the 協議体 dashboard for an area the member holds <see cref="Permission.ViewCouncilDashboard"/> on: 地域課題 by
/// child area × category, by month × category, by year × status (from the rollup, never from <c>local_issues</c>), and the
/// KPI panel. Every count passes through <see cref="SmallCellSuppression"/>. Table captions and labels are written in the
/// request's language (SharedResource), so the page, the pack and the CSV read the same.
/// </summary>
public sealed class CouncilDashboard(
    TsunagariDbContext db,
    UserGrants grants,
    IssueRollupQueries rollup,
    CouncilKpiRollup kpis,
    IOptions<DashboardOptions> options,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public const int MaxMonths = 60;

    public enum Outcome
    {
        Shown,
        NoPermission,
        OutOfScope,
    }

    /// <summary>The default period: the last 12 months up to this month (Japan time).</summary>
    public (DateOnly From, DateOnly To) DefaultPeriod()
    {
        var today = JapanTime.Today(clock);
        var to = new DateOnly(today.Year, today.Month, 1);
        return (to.AddMonths(-11), to);
    }

    public async Task<(Outcome Outcome, CouncilScopeArea? Area, IReadOnlyList<CouncilScopeArea> Choices)> ResolveAsync(ClaimsPrincipal user, int? areaId, CancellationToken ct)
    {
        var scopes = await grants.ScopesForAsync(user, Permission.ViewCouncilDashboard, ct);
        var rootPaths = Areas.Area.Roots(scopes.Select(s => s.AreaPath!));
        if (rootPaths.Count == 0)
        {
            return (Outcome.NoPermission, null, []);
        }

        var choices = await db.Areas.AsNoTracking().Where(a => rootPaths.Contains(a.Path)).OrderBy(a => a.Path)
            .Select(a => new CouncilScopeArea(a.Id, a.Name, a.Level, a.Depth, a.Path)).ToListAsync(ct);
        var chosenId = areaId ?? choices[0].Id;
        var chosen = await db.Areas.AsNoTracking().Where(a => a.Id == chosenId)
            .Select(a => new CouncilScopeArea(a.Id, a.Name, a.Level, a.Depth, a.Path)).SingleOrDefaultAsync(ct);
        return chosen is null || !rootPaths.Any(p => Areas.Area.Covers(p, chosen.Path))
            ? (Outcome.OutOfScope, null, choices)
            : (Outcome.Shown, chosen, choices);
    }

    public async Task<CouncilDashboardModel> BuildAsync(CouncilScopeArea area, IReadOnlyList<CouncilScopeArea> choices, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var k = options.Value.SuppressionK;
        var suppression = new SmallCellSuppression(k);
        var categories = await db.Set<IssueCategory>().AsNoTracking().OrderBy(c => c.SortOrder).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var columnOf = categories.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var categoryNames = categories.Select(c => c.Name).ToList();

        // Child areas × category (the area itself when it has no children), plus a row for the issues recorded on the
        // area itself, so that this table and the month table count the same issues and share only their grand total.
        var level = area.Depth + 1;
        var rows = await rollup.AreasAtLevelAsync(area.Id, level, ct);
        if (rows.Count == 0)
        {
            level = area.Depth;
            rows = [new RollupArea(area.Id, "", area.Name, area.Level, area.Depth)];
        }

        var rowOf = rows.Select((a, i) => (a.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var rowNames = rows.Select(r => r.Name).ToList();
        var inRows = new int[categories.Count];
        var cells = new List<int[]>(rows.Select(_ => new int[categories.Count]));
        foreach (var c in await rollup.CountsAsync(new IssueCountQuery(area.Id, level, from, to, IssueDimensions.Area | IssueDimensions.Category), ct))
        {
            cells[rowOf[c.AreaId!.Value]][columnOf[c.CategoryId!.Value]] += c.Count;
            inRows[columnOf[c.CategoryId!.Value]] += c.Count;
        }

        var onArea = new int[categories.Count];
        foreach (var c in await rollup.CountsAsync(new IssueCountQuery(area.Id, area.Depth, from, to, IssueDimensions.Category), ct))
        {
            onArea[columnOf[c.CategoryId!.Value]] += c.Count;
        }

        var direct = onArea.Select((n, i) => n - inRows[i]).ToArray();
        if (level > area.Depth && direct.Any(n => n != 0))
        {
            cells.Add(direct);
            rowNames.Add(l["{0}（地区を決めていないもの）", area.Name].Value);
        }

        // Month × status over the period: the trend (row totals) and the count by status (column totals).
        var months = Enumerable.Range(0, MonthsBetween(from, to) + 1).Select(from.AddMonths).ToList();
        var monthOf = months.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);
        var statuses = Enum.GetValues<IssueStatus>();
        var byMonth = new int[months.Count, statuses.Length];
        foreach (var c in await rollup.CountsAsync(new IssueCountQuery(area.Id, area.Depth, from, to, IssueDimensions.Month | IssueDimensions.Status), ct))
        {
            byMonth[monthOf[c.Month!.Value], Array.IndexOf(statuses, c.Status!.Value)] += c.Count;
        }

        // The two tables share one count, the grand total: linked, each protects it, and with one shared count a reader
        // who combines them learns nothing more than from each alone (ADR 014). Years are sums of published months only.
        var areaCounts = new CountTable(To2D(cells, categories.Count));
        var monthCounts = new CountTable(byMonth);
        var (areaTable, monthTable) = suppression.ApplyLinked(areaCounts, monthCounts, [((areaCounts.Rows, areaCounts.Columns), (monthCounts.Rows, monthCounts.Columns))]);
        var years = months.Select((m, i) => (m.Year, i)).GroupBy(x => x.Year).ToList();
        var yearTable = monthTable.GroupRows([.. years.Select(g => (IReadOnlyList<int>)[.. g.Select(x => x.i)])]);
        var statusNames = statuses.Select(s => l[StatusLabel(s)].Value).ToList();
        var yearNames = years.Select(g =>
        {
            var year = g.Key.ToString(CultureInfo.InvariantCulture);
            return g.Count() == 12
                ? l["{0}年", year].Value
                : l["{0}年（{1}〜{2}月）", year, DateText.MonthOfYear(months[g.First().i]), DateText.MonthOfYear(months[g.Last().i])].Value;
        }).ToList();
        var (kpiList, kpisAsOf) = await KpisAsync(area, from, to, suppression, ct);
        return new CouncilDashboardModel(
            area, choices, from, to, k,
            new CouncilTable(l["地域ごと・分類ごとの地域課題の件数"].Value, l["地域"].Value, rowNames, categoryNames, areaTable),
            new CouncilTable(l["月ごと・状況ごとの地域課題の件数"].Value, l["月"].Value, months.Select(DateText.Month).ToList(), statusNames, monthTable),
            new CouncilTable(l["年ごと・状況ごとの地域課題の件数（期間内の月）"].Value, l["年"].Value, yearNames, statusNames, yearTable),
            kpiList,
            kpisAsOf,
            options.Value.KpiRefreshMinutes);
    }

    private static int[,] To2D(List<int[]> rows, int columns)
    {
        var grid = new int[rows.Count, columns];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                grid[r, c] = rows[r][c];
            }
        }

        return grid;
    }

    /// <summary>A month written YYYY-MM (2000–2100), or null.</summary>
    public static DateOnly? ParseMonth(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year is >= 2000 and <= 2100
            ? month
            : null;

    /// <summary>One CSV field: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula.</summary>
    public static string CsvField(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;

    /// <summary>The resource key (Japanese) of a 地域課題 status.</summary>
    public static string StatusLabel(IssueStatus status) => status switch
    {
        IssueStatus.Open => "受付",
        IssueStatus.Considering => "検討中",
        IssueStatus.InProgress => "対応中",
        IssueStatus.Resolved => "解決",
        _ => "見送り",
    };

    /// <summary>How a count is written everywhere (page, pack, CSV): the number, "k未満" or "秘匿"; "—" for a withheld sum.</summary>
    public static string Show(SuppressedCount count, int k) => Show(count, $"{k.ToString(CultureInfo.InvariantCulture)}未満", "秘匿");

    /// <summary>The same with the marks in the reader's language (the resources <c>{0}未満</c> and <c>秘匿</c>).</summary>
    public static string Show(SuppressedCount count, string belowThreshold, string hidden) => count.State switch
    {
        CountState.Published => count.Value.ToString("N0", CultureInfo.InvariantCulture),
        CountState.BelowThreshold => belowThreshold,
        CountState.Withheld => "—",
        _ => hidden,
    };

    private async Task<(IReadOnlyList<CouncilKpi> Kpis, DateTimeOffset? AsOf)> KpisAsync(CouncilScopeArea area, DateOnly from, DateOnly to, SmallCellSuppression suppression, CancellationToken ct)
    {
        var snapshot = await kpis.ReadAsync(area.Id, from, to, ct);
        SuppressedCount Count(string metric, long divisor = 1) =>
            suppression.One((int)Math.Round((double)snapshot.Values.GetValueOrDefault(metric) / divisor, MidpointRounding.AwayFromZero));
        IReadOnlyList<CouncilKpi> list =
        [
            new("拠点数（居場所）", Count("places"), "か所"),
            new("拠点数（サロン）", Count("salons"), "か所"),
            new("サロンの参加者数（期間中）", Count("salon_attendance"), "人", "世話人が記録した回の合計です。"),
            new("参加機関数", null, "", "まだ記録していません。"),
            new("ボランティア登録数", Count("volunteers"), "人"),
            new("ボランティア活動時間（期間中）", Count("volunteer_seconds", 3600), "時間"),
            new("タウンミーティング参加者数（期間中）", Count("meeting_people"), "人"),
        ];
        return (list, snapshot.AsOf);
    }
}
