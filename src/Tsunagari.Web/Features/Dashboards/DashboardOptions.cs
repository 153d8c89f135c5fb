using System.ComponentModel.DataAnnotations;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>Per-municipality settings of the council dashboard, open data and the council API (section <c>Dashboards</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboards";

    /// <summary>Counts below k are never published ("5未満" for k = 5); at least 3 (see SmallCellSuppression).</summary>
    [Range(3, 1000)]
    public int SuppressionK { get; set; } = 5;

    /// <summary>
    /// Depth of the area tree that open data reports at when <c>level</c> is not given (0 = 都道府県, 1 = 市町村,
    /// 2 = 日常生活圏域 in the usual tree).
    /// </summary>
    [Range(0, 20)]
    public int ReportingLevel { get; set; } = 2;

    /// <summary>How old the council KPI panel's numbers may get before they are counted again (CouncilKpiRollup).</summary>
    [Range(1, 1440)]
    public int KpiRefreshMinutes { get; set; } = 10;
}
