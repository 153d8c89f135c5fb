using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tsunagari.Web.Features.Staff;

public sealed record ChoroplethShape(int AreaId, string Name, string PathData, double LabelX, double LabelY, string ValueText, int? Bin);

public sealed record ChoroplethBin(int Index, string Fill, string Label);

public sealed record ChoroplethMap(double Width, double Height, IReadOnlyList<ChoroplethShape> Shapes, IReadOnlyList<ChoroplethBin> Bins, string NoDataFill);

/// <summary>
/// A server-rendered choropleth: GeoJSON Polygon/MultiPolygon boundaries projected (equirectangular, scaled by the
/// cosine of the middle latitude) into an SVG box, values put into five equal-width classes. Pure; no I/O.
/// </summary>
public static class Choropleth
{
    public const double Width = 640;

    /// <summary>Light to dark; the darkest still carries a white label with enough contrast.</summary>
    private static readonly string[] Fills = ["#eef4fb", "#c6dbef", "#85b4da", "#3f7fbf", "#1d4f8a"];

    public const string NoData = "#ffffff";

    public static ChoroplethMap? Build(IEnumerable<(int AreaId, string Name, string GeoJson, double? Value)> areas)
    {
        var parsed = new List<(int Id, string Name, List<List<(double X, double Y)>> Rings, double? Value)>();
        foreach (var (id, name, geoJson, value) in areas)
        {
            var rings = Rings(geoJson);
            if (rings.Count > 0)
            {
                parsed.Add((id, name, rings, value));
            }
        }

        if (parsed.Count == 0)
        {
            return null;
        }

        var all = parsed.SelectMany(p => p.Rings).SelectMany(r => r).ToList();
        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        var cos = Math.Cos((minY + maxY) / 2 * Math.PI / 180);
        var spanX = Math.Max((maxX - minX) * cos, 1e-9);
        var spanY = Math.Max(maxY - minY, 1e-9);
        var scale = (Width - 20) / spanX;
        var height = Math.Clamp(spanY * scale + 20, 120, 900);
        scale = Math.Min(scale, (height - 20) / spanY);
        (double X, double Y) Project((double X, double Y) p) => (10 + (p.X - minX) * cos * scale, 10 + (maxY - p.Y) * scale);

        var values = parsed.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        var bins = new List<ChoroplethBin>();
        double low = values.Count > 0 ? values.Min() : 0, high = values.Count > 0 ? values.Max() : 0;
        var width = (high - low) / Fills.Length;
        for (var i = 0; i < Fills.Length && values.Count > 0; i++)
        {
            var from = low + (i * width);
            var to = i == Fills.Length - 1 ? high : low + ((i + 1) * width);
            bins.Add(new ChoroplethBin(i, Fills[i], string.Create(CultureInfo.InvariantCulture, $"{from:0.0}〜{to:0.0}")));
            if (width <= 0)
            {
                break;
            }
        }

        var shapes = parsed.Select(p =>
        {
            var projected = p.Rings.Select(r => r.Select(Project).ToList()).ToList();
            var d = new StringBuilder();
            foreach (var ring in projected)
            {
                for (var i = 0; i < ring.Count; i++)
                {
                    d.Append(i == 0 ? 'M' : 'L').Append(ring[i].X.ToString("0.#", CultureInfo.InvariantCulture)).Append(' ')
                        .Append(ring[i].Y.ToString("0.#", CultureInfo.InvariantCulture));
                }

                d.Append('Z');
            }

            var largest = projected.OrderByDescending(r => (r.Max(q => q.X) - r.Min(q => q.X)) * (r.Max(q => q.Y) - r.Min(q => q.Y))).First();
            var labelX = (largest.Min(q => q.X) + largest.Max(q => q.X)) / 2;
            var labelY = (largest.Min(q => q.Y) + largest.Max(q => q.Y)) / 2;
            int? bin = p.Value is double v ? (width <= 0 ? 0 : Math.Min(Fills.Length - 1, (int)((v - low) / width))) : null;
            return new ChoroplethShape(p.Id, p.Name, d.ToString(), labelX, labelY, NeedsColumns.Format(p.Value), bin);
        }).ToList();
        return new ChoroplethMap(Width, height, shapes, bins, NoData);
    }

    public static string Fill(int? bin) => bin is int b ? Fills[b] : NoData;

    /// <summary>Dark fills get white text.</summary>
    public static string TextFill(int? bin) => bin is >= 3 ? "#ffffff" : "#1a1a1a";

    internal static List<List<(double X, double Y)>> Rings(string geoJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var root = doc.RootElement;
            if (root.TryGetProperty("geometry", out var geometry))
            {
                root = geometry;
            }

            var coordinates = root.GetProperty("coordinates");
            List<JsonElement> polygons = root.GetProperty("type").GetString() switch
            {
                "Polygon" => [coordinates],
                "MultiPolygon" => coordinates.EnumerateArray().ToList(),
                _ => [],
            };
            return polygons.SelectMany(p => p.EnumerateArray())
                .Select(ring => ring.EnumerateArray().Select(pt => (pt[0].GetDouble(), pt[1].GetDouble())).ToList())
                .Where(ring => ring.Count >= 3)
                .ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return [];
        }
    }
}
