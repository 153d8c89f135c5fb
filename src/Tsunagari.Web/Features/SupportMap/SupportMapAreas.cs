using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>
/// Area questions of this feature: which areas a coordinator's scope covers, which area a point lies in, the area an
/// issue is generalised to (the municipality's reporting level) and a municipality's retention period.
/// </summary>
public sealed class SupportMapAreas(TsunagariDbContext db, UserGrants grants, IOptions<SupportMapOptions> options)
{
    private readonly SupportMapOptions _options = options.Value;

    /// <summary>Ids of every area in the subtrees where <paramref name="user"/> may do <paramref name="permission"/>.</summary>
    public async Task<int[]> ScopeAsync(ClaimsPrincipal user, Permission permission, CancellationToken ct)
    {
        var paths = (await grants.ScopesForAsync(user, permission, ct)).Select(g => g.AreaPath!).Distinct().ToArray();
        if (paths.Length == 0)
        {
            return [];
        }

        var prefixes = paths.Select(p => p + ".%").ToArray();
        return await db.Database
            .SqlQuery<int>($"SELECT id AS \"Value\" FROM areas WHERE path = ANY({paths}) OR path LIKE ANY({prefixes})")
            .ToArrayAsync(ct);
    }

    /// <summary>Ancestors from the root down to the area itself.</summary>
    public async Task<List<AreaNode>> LineageAsync(int areaId, CancellationToken ct)
    {
        var path = await db.Areas.Where(a => a.Id == areaId).Select(a => a.Path).SingleOrDefaultAsync(ct);
        if (path is null)
        {
            return [];
        }

        var ids = path.Split('.').Select(int.Parse).ToArray();
        var nodes = await db.Areas.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new AreaNode(a.Id, a.Code, a.Name, a.Level, a.Depth)).ToListAsync(ct);
        return nodes.OrderBy(n => n.Depth).ToList();
    }

    /// <summary>
    /// The area an issue is reported under: the nearest node at or above <paramref name="areaId"/> whose level is the
    /// municipality's reporting level. An area already above that level stays as it is. When the tree has no such level
    /// on this branch, the 日常生活圏域-like node just below the municipality is used, never the finer area.
    /// </summary>
    public async Task<int?> ReportingAreaAsync(int areaId, CancellationToken ct)
    {
        var lineage = await LineageAsync(areaId, ct);
        if (lineage.Count == 0)
        {
            return null;
        }

        var level = SettingsFor(lineage).ReportingLevel ?? _options.ReportingLevel;
        for (var i = lineage.Count - 1; i >= 0; i--)
        {
            if (lineage[i].Level == level)
            {
                return lineage[i].Id;
            }
        }

        var municipality = lineage.FindIndex(n => n.Level == _options.MunicipalityLevel);
        var fallback = municipality >= 0 ? municipality + 1 : Math.Min(2, lineage.Count - 1);
        return lineage[Math.Min(fallback, lineage.Count - 1)].Id;
    }

    public int RetentionDaysFor(IReadOnlyList<AreaNode> lineage) => SettingsFor(lineage).RetentionDays ?? _options.RetentionDays;

    private MunicipalitySettings SettingsFor(IReadOnlyList<AreaNode> lineage) =>
        lineage.Where(n => n.Level == _options.MunicipalityLevel)
            .Select(n => _options.Municipalities.GetValueOrDefault(n.Code))
            .FirstOrDefault(s => s is not null) ?? new MunicipalitySettings();

    /// <summary>The deepest area whose boundary contains the point, for entries that only give a point.</summary>
    public async Task<int?> LocateAsync(double latitude, double longitude, CancellationToken ct)
    {
        var candidates = await db.Areas.AsNoTracking().Where(a => a.BoundaryGeoJson != null)
            .OrderByDescending(a => a.Depth)
            .Select(a => new { a.Id, a.BoundaryGeoJson }).ToListAsync(ct);
        return candidates.FirstOrDefault(a => Contains(a.BoundaryGeoJson!, longitude, latitude))?.Id;
    }

    /// <summary>Point in a GeoJSON Polygon or MultiPolygon (even-odd rule; holes are inner rings).</summary>
    internal static bool Contains(string geoJson, double x, double y)
    {
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var root = doc.RootElement;
            var type = root.GetProperty("type").GetString();
            var coordinates = root.GetProperty("coordinates");
            return type switch
            {
                "Polygon" => InPolygon(coordinates, x, y),
                "MultiPolygon" => coordinates.EnumerateArray().Any(p => InPolygon(p, x, y)),
                _ => false,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool InPolygon(JsonElement rings, double x, double y)
    {
        var inside = false;
        foreach (var ring in rings.EnumerateArray())
        {
            var points = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
            for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
            {
                if ((points[i].Y > y) != (points[j].Y > y)
                    && x < (points[j].X - points[i].X) * (y - points[i].Y) / (points[j].Y - points[i].Y) + points[i].X)
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }
}

public sealed record AreaNode(int Id, string Code, string Name, string Level, int Depth);
