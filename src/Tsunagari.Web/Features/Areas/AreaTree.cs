using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Areas;

/// <summary>Read access to the area tree: ancestors, subtrees and the flat list in tree order.</summary>
public sealed class AreaTree(TsunagariDbContext db)
{
    public async Task<List<AreaListItem>> AllInTreeOrderAsync(CancellationToken ct)
    {
        var areas = await db.Areas.AsNoTracking()
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Code)
            .Select(a => new AreaListItem(a.Id, a.ParentId, a.Code, a.Name, a.NameKana, a.Level, a.Depth, a.Path,
                a.Population, a.Population65, a.Population75, a.BoundaryGeoJson != null))
            .ToListAsync(ct);
        return InTreeOrder(areas);
    }

    public Task<string?> PathOfAsync(int areaId, CancellationToken ct) =>
        db.Areas.Where(a => a.Id == areaId).Select(a => a.Path).SingleOrDefaultAsync(ct);

    /// <summary>Ids of the area and everything below it, for <c>area_id = ANY(@ids)</c> filters.</summary>
    public async Task<int[]> SubtreeIdsAsync(int areaId, CancellationToken ct)
    {
        var path = await PathOfAsync(areaId, ct);
        if (path is null)
        {
            return [];
        }

        var prefix = path + ".";
        return await db.Areas.Where(a => a.Path == path || a.Path.StartsWith(prefix)).Select(a => a.Id).ToArrayAsync(ct);
    }

    /// <summary>Depth-first order, siblings in the order given (paths alone would sort "1.10" before "1.9").</summary>
    private static List<AreaListItem> InTreeOrder(List<AreaListItem> areas)
    {
        var children = areas.ToLookup(a => a.ParentId);
        var result = new List<AreaListItem>(areas.Count);
        var ids = areas.Select(a => a.Id).ToHashSet();
        foreach (var root in areas.Where(a => a.ParentId is null || !ids.Contains(a.ParentId.Value)))
        {
            Visit(root);
        }

        return result;

        void Visit(AreaListItem node)
        {
            result.Add(node);
            foreach (var child in children[node.Id])
            {
                Visit(child);
            }
        }
    }
}

public sealed record AreaListItem(
    int Id, int? ParentId, string Code, string Name, string? NameKana, string Level, int Depth, string Path,
    int? Population, int? Population65, int? Population75, bool HasBoundary);
