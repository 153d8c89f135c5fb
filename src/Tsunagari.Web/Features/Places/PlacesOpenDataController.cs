using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// Open data of public places: <c>/opendata/places.csv</c> in the columns of the 自治体標準オープンデータセット
/// 「公共施設一覧」 (UTF-8 with BOM, CRLF) and <c>/opendata/places.geojson</c>. Both read <see cref="PublicPlaces"/>,
/// so 非公開 and unapproved places never appear and reduced precision holds.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PlacesOpenDataController(PublicPlaces places, TsunagariDbContext db, IOptions<SiteOptions> site) : Controller
{
    /// <summary>公共施設一覧 columns, in order.</summary>
    public static readonly string[] CsvColumns =
    [
        "全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字", "POIコード", "住所", "方書", "緯度", "経度",
        "電話番号", "内線番号", "法人番号", "団体名", "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "説明",
        "バリアフリー情報", "URL", "備考",
    ];

    private static readonly string[] DayNames = ["日", "月", "火", "水", "木", "金", "土"];

    [HttpGet("/opendata/places.csv")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PlacesSetup.CacheTag, PublicPageCache.Tags.Areas])]
    public async Task Csv(CancellationToken ct)
    {
        var areas = await db.Areas.AsNoTracking().ToDictionaryAsync(a => a.Id, a => (a.Code, a.Name), ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"places.csv\"";
        // leaveOpen: the response stream (the output cache's buffer, when caching) belongs to the server, not to us.
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        await using var csv = new CsvWriter(writer, config, leaveOpen: true);
        foreach (var column in CsvColumns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        await foreach (var p in places.Query().OrderBy(p => p.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            var (code, name) = Municipality(p.AreaPath, areas);
            string[] row =
            [
                code, p.Id.ToString(CultureInfo.InvariantCulture), name, p.Name, p.NameKana, "", "", p.Address, "",
                p.Latitude?.ToString("0.######", CultureInfo.InvariantCulture) ?? "",
                p.Longitude?.ToString("0.######", CultureInfo.InvariantCulture) ?? "",
                p.ContactPhone, "", "", p.HostOrganization, string.Join(",", p.Weekdays.Select(d => DayNames[d])), "", "",
                p.ScheduleText, p.Description,
                string.Join("・", p.Accessibility.Select(PlaceVocabulary.AccessibilityLabel).Append(p.AccessibilityNote).Where(x => x.Length > 0)),
                Link($"/places/{p.Id}"),
                string.Join(" ", new[] { p.CategoryName, p.IsFree ? "無料" : p.FeeText }.Where(x => x.Length > 0)),
            ];
            foreach (var field in row)
            {
                csv.WriteField(field);
            }

            await csv.NextRecordAsync();
        }
    }

    [HttpGet("/opendata/places.geojson")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PlacesSetup.CacheTag])]
    public async Task GeoJson(CancellationToken ct)
    {
        Response.ContentType = "application/geo+json; charset=utf-8";
        await using var json = new Utf8JsonWriter(Response.Body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        await foreach (var p in places.Query().Where(p => p.Latitude != null).OrderBy(p => p.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteNumber("id", p.Id);
            json.WriteStartObject("geometry");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            json.WriteNumberValue(p.Longitude!.Value);
            json.WriteNumberValue(p.Latitude!.Value);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("name", p.Name);
            json.WriteString("nameKana", p.NameKana);
            json.WriteString("category", p.CategoryCode);
            json.WriteString("categoryName", p.CategoryName);
            json.WriteString("address", p.Address);
            json.WriteString("areaName", p.AreaName);
            json.WriteString("schedule", p.ScheduleText);
            json.WriteBoolean("free", p.IsFree);
            json.WriteString("precision", p.IsReducedPrecision ? "reduced" : "exact");
            json.WriteString("url", Link($"/places/{p.Id}"));
            json.WriteString("lastConfirmed", p.LastConfirmedAt.ToJapan().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
            if (json.BytesPending > 16 * 1024)
            {
                await json.FlushAsync(ct);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    /// <summary>The municipality is the node at depth 1 of the place's area path (都道府県 → 市町村 → …).</summary>
    private static (string Code, string Name) Municipality(string areaPath, Dictionary<int, (string Code, string Name)> areas)
    {
        var ids = areaPath.Split('.').Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToArray();
        var prefecture = ids.Length > 0 && areas.TryGetValue(ids[0], out var pref) ? pref : ("", "");
        if (ids.Length < 2 || !areas.TryGetValue(ids[1], out var city))
        {
            return ("", prefecture.Item2);
        }

        // 全国地方公共団体コード is six digits; local codes (demo data, imports without it) are left out.
        var code = city.Code.Length == 6 && city.Code.All(char.IsAsciiDigit) ? city.Code : "";
        return (code, prefecture.Item2 + city.Name);
    }

    private string Link(string path) =>
        new Uri(site.Value.BaseUrl ?? new Uri($"{Request.Scheme}://{Request.Host}"), path).ToString();
}
