namespace Tsunagari.Web.Features.Areas;

/// <summary>
/// The areas a public filter offers in its drop-down. A 市 imports thousands of 町丁目; listing them all makes a
/// drop-down nobody can use and a page too heavy for a phone (quality.md: ≤ 100 KB, Lighthouse ≥ 95). So the list
/// goes down level by level while it stays within <see cref="Budget"/> entries, never deeper than the caller's depth;
/// the area already chosen is always in it. Filters still take any area by id (a link, the API).
/// </summary>
public static class AreaChoices
{
    /// <summary>At most this many areas in a drop-down (plus the chosen one).</summary>
    public const int Budget = 150;

    public static List<AreaListItem> ForFilter(IReadOnlyList<AreaListItem> treeOrder, int maxDepth, int? selected = null)
    {
        var depth = -1;
        var count = 0;
        foreach (var level in treeOrder.Where(a => a.Depth <= maxDepth).GroupBy(a => a.Depth).OrderBy(g => g.Key))
        {
            if (count + level.Count() > Budget && depth >= 0)
            {
                break;
            }

            count += level.Count();
            depth = level.Key;
        }

        return treeOrder.Where(a => a.Depth <= depth || a.Id == selected).ToList();
    }
}
