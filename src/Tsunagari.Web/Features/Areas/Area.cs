namespace Tsunagari.Web.Features.Areas;

/// <summary>
/// 地域 — one node of the configurable area tree (都道府県 → 市町村 → 日常生活圏域 → 小学校区 → 町丁目 …).
/// Level names are data: a 指定都市 simply has one more level (行政区) under it.
/// </summary>
public sealed class Area
{
    public int Id { get; set; }

    public int? ParentId { get; set; }

    public Area? Parent { get; set; }

    /// <summary>Stable key used by imports (e.g. the 全国地方公共団体コード or a local code).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Reading in katakana, for search and screen readers.</summary>
    public string? NameKana { get; set; }

    /// <summary>The level's local name, e.g. 日常生活圏域 or 小学校区.</summary>
    public required string Level { get; set; }

    /// <summary>0 for a root node.</summary>
    public int Depth { get; set; }

    /// <summary>Materialised path of ids from the root, e.g. <c>1.4.17</c>; subtree queries are prefix matches.</summary>
    public string Path { get; set; } = "";

    public int SortOrder { get; set; }

    public int? Population { get; set; }

    public int? Population65 { get; set; }

    public int? Population75 { get; set; }

    /// <summary>Boundary as a GeoJSON geometry (Polygon or MultiPolygon), when known.</summary>
    public string? BoundaryGeoJson { get; set; }

    /// <summary>True when the node at <paramref name="otherPath"/> is the node at <paramref name="ancestorPath"/> or lies below it.</summary>
    public static bool Covers(string ancestorPath, string otherPath) =>
        otherPath == ancestorPath || otherPath.StartsWith(ancestorPath + ".", StringComparison.Ordinal);

    /// <summary>The paths not covered by another path of the list: the roots of a user's granted areas.</summary>
    public static List<string> Roots(IEnumerable<string> paths)
    {
        var distinct = paths.Distinct(StringComparer.Ordinal).ToList();
        return [.. distinct.Where(p => !distinct.Any(o => o != p && Covers(o, p)))];
    }
}
