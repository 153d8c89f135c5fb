using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Features.Shared;

namespace Tsunagari.Web.Features.Areas;

/// <summary>
/// Reads area-tree files into <see cref="AreaImportRow"/>s, collecting every problem with its line instead of
/// stopping at the first. CSV may be UTF-8 (with or without BOM) or Shift_JIS, as saved by Excel.
/// </summary>
public sealed class AreaFileReaders(IStringLocalizer<SharedResource> l)
{
    private static readonly Dictionary<string, string> HeaderAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code"] = "code", ["コード"] = "code", ["地域コード"] = "code",
        ["parent_code"] = "parent_code", ["親コード"] = "parent_code",
        ["name"] = "name", ["名称"] = "name", ["地域名"] = "name",
        ["name_kana"] = "name_kana", ["よみがな"] = "name_kana", ["名称カナ"] = "name_kana", ["カナ"] = "name_kana",
        ["level"] = "level", ["階層"] = "level", ["区分"] = "level",
        ["population"] = "population", ["人口"] = "population", ["総人口"] = "population",
        ["population_65"] = "population_65", ["65歳以上人口"] = "population_65", ["65歳以上"] = "population_65",
        ["population_75"] = "population_75", ["75歳以上人口"] = "population_75", ["75歳以上"] = "population_75",
    };

    public const long MaxFileBytes = 20 * 1024 * 1024;

    public (List<AreaImportRow> Rows, List<ImportError> Errors) ReadCsv(byte[] bytes)
    {
        var rows = new List<AreaImportRow>();
        var errors = new List<ImportError>();
        var text = Decode(bytes);
        if (text is null)
        {
            errors.Add(new(0, l["文字コードを読み取れません。UTF-8 か Shift_JIS で保存してください。"]));
            return (rows, errors);
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            errors.Add(new(1, l["1行目に見出し（code, parent_code, name, level …）が必要です。"]));
            return (rows, errors);
        }

        var columns = new Dictionary<string, int>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (HeaderAliases.TryGetValue(name, out var key))
            {
                columns[key] = i;
            }
            else if (name.Length > 0)
            {
                errors.Add(new(1, l["1行目: 見出し「{0}」は使えません。", name]));
            }
        }

        foreach (var required in new[] { "code", "name", "level" })
        {
            if (!columns.ContainsKey(required))
            {
                errors.Add(new(1, l["1行目: 見出し「{0}」の列がありません。", required]));
            }
        }

        if (errors.Count > 0)
        {
            return (rows, errors);
        }

        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            string? Field(string key) =>
                columns.TryGetValue(key, out var index) && index < csv.Parser.Count ? NullIfEmpty(csv.GetField(index)) : null;

            if (csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
            {
                continue; // blank line
            }

            var row = BuildRow(line, Field("code"), Field("parent_code"), Field("name"), Field("name_kana"), Field("level"),
                Field("population"), Field("population_65"), Field("population_75"), null, errors);
            if (row is not null)
            {
                rows.Add(row);
            }
        }

        return (rows, errors);
    }

    public (List<AreaImportRow> Rows, List<ImportError> Errors) ReadGeoJson(byte[] bytes)
    {
        var rows = new List<AreaImportRow>();
        var errors = new List<ImportError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            errors.Add(new((int)(e.LineNumber ?? 0) + 1, l["{0}行目: GeoJSON の書き方に誤りがあります。", (e.LineNumber ?? 0) + 1]));
            return (rows, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new(1, l["GeoJSON は \"type\": \"FeatureCollection\" で、\"features\" の配列を持つ必要があります。"]));
                return (rows, errors);
            }

            var lines = FeatureLines(bytes);
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var line = index < lines.Count ? lines[index] : 0;
                index++;
                if (feature.ValueKind != JsonValueKind.Object
                    || !feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new(line, l["{0}行目（{1}番目の地物）: \"properties\" がありません。", line, index]));
                    continue;
                }

                string? Prop(string key)
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        if (HeaderAliases.TryGetValue(property.Name, out var canonical) && canonical == key)
                        {
                            return property.Value.ValueKind switch
                            {
                                JsonValueKind.String => NullIfEmpty(property.Value.GetString()),
                                JsonValueKind.Number => property.Value.GetRawText(),
                                _ => null,
                            };
                        }
                    }

                    return null;
                }

                string? boundary = null;
                if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind != JsonValueKind.Null)
                {
                    if (ValidGeometry(geometry))
                    {
                        boundary = geometry.GetRawText();
                    }
                    else
                    {
                        errors.Add(new(line, l["{0}行目（{1}番目の地物）: 境界は経度・緯度の範囲内の Polygon か MultiPolygon にしてください。", line, index]));
                        continue;
                    }
                }

                var row = BuildRow(line, Prop("code"), Prop("parent_code"), Prop("name"), Prop("name_kana"), Prop("level"),
                    Prop("population"), Prop("population_65"), Prop("population_75"), boundary, errors);
                if (row is not null)
                {
                    rows.Add(row);
                }
            }
        }

        return (rows, errors);
    }

    private AreaImportRow? BuildRow(
        int line, string? code, string? parentCode, string? name, string? kana, string? level,
        string? population, string? population65, string? population75, string? boundary, List<ImportError> errors)
    {
        var before = errors.Count;
        void Fail(string message) => errors.Add(new(line, l["{0}行目: {1}", line, message]));

        if (code is null)
        {
            Fail(l["コード（code）がありません。"]);
        }
        else if (code.Length > 64)
        {
            Fail(l["コードは64文字以内にしてください。"]);
        }

        if (name is null)
        {
            Fail(l["名称（name）がありません。"]);
        }
        else if (name.Length > 100)
        {
            Fail(l["名称は100文字以内にしてください。"]);
        }

        if (level is null)
        {
            Fail(l["階層（level）がありません。"]);
        }
        else if (level.Length > 50)
        {
            Fail(l["階層は50文字以内にしてください。"]);
        }

        if (kana is { Length: > 200 })
        {
            Fail(l["よみがなは200文字以内にしてください。"]);
        }

        if (parentCode is not null && parentCode == code)
        {
            Fail(l["自分自身を親にすることはできません。"]);
        }

        int? Number(string? value, string label)
        {
            if (value is null)
            {
                return null;
            }

            var normalized = value.Normalize(NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal);
            if (int.TryParse(normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            Fail(l["{0}「{1}」は0以上の整数にしてください。", label, value]);
            return null;
        }

        var total = Number(population, l["人口"]);
        var aged65 = Number(population65, l["65歳以上人口"]);
        var aged75 = Number(population75, l["75歳以上人口"]);
        if (total is not null && aged65 > total)
        {
            Fail(l["65歳以上人口が人口より多くなっています。"]);
        }

        if (aged65 is not null && aged75 > aged65)
        {
            Fail(l["75歳以上人口が65歳以上人口より多くなっています。"]);
        }

        return errors.Count > before
            ? null
            : new AreaImportRow(line, code!, parentCode, name!, kana, level!, total, aged65, aged75, boundary);
    }

    private static string? Decode(byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            try
            {
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                var shiftJis = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
                return shiftJis.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The 1-based line on which each element of the top-level "features" array starts.</summary>
    private static List<int> FeatureLines(byte[] bytes)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, MaxDepth = 64 });
        var inFeatures = false;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                inFeatures = reader.ValueTextEquals("features"u8);
            }
            else if (inFeatures && reader.CurrentDepth == 2 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.String
                     or JsonTokenType.Number or JsonTokenType.StartArray or JsonTokenType.Null or JsonTokenType.True or JsonTokenType.False)
            {
                lines.Add(1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n'));
            }
        }

        return lines;
    }

    private static bool ValidGeometry(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("type", out var type)
            || !geometry.TryGetProperty("coordinates", out var coordinates)
            || coordinates.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var depth = type.GetString() switch
        {
            "Polygon" => 3,
            "MultiPolygon" => 4,
            _ => 0,
        };
        return depth > 0 && ValidPositions(coordinates, depth);
    }

    private static bool ValidPositions(JsonElement array, int depth)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        if (depth == 1)
        {
            return array.GetArrayLength() >= 2
                && array[0].TryGetDouble(out var lng) && array[1].TryGetDouble(out var lat)
                && lng is >= -180 and <= 180 && lat is >= -90 and <= 90;
        }

        return array.GetArrayLength() > 0 && array.EnumerateArray().All(item => ValidPositions(item, depth - 1));
    }
}
