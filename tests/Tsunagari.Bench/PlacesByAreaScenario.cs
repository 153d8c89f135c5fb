using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Bench;

/// <summary>
/// <c>/places?area=</c> (a 小学校区) against a static file of the same size (quality.md). Seeds, with binary COPY, an
/// area tree of 2,000 nodes in 4 levels (市 → 10 圏域 → 80 小学校区 → 1,909 町丁目) and 3,000 places spread over it —
/// unless the run generated the full data set, which has the same tree and places: then it measures a 小学校区 of that.
/// </summary>
public sealed class PlacesByAreaScenario : IBenchScenario
{
    private const int FirstAreaId = 5_000_000; // far above what the HiLo sequence hands out in a bench run
    private const int PlaceCount = 3_000;
    private int _schoolDistrictId;

    public string Name => "居場所 by area";

    public async Task SeedAsync(BenchContext context)
    {
        if (context.Data is { } data)
        {
            _schoolDistrictId = data.SchoolDistrictIds[0];
            return;
        }

        var random = new Random(20261201);
        var areas = new List<(int Id, int? Parent, string Name, string Level, int Depth, string Path)>();
        var nextId = FirstAreaId;
        (int Id, string Path) Add(int? parent, string parentPath, string name, string level, int depth)
        {
            var id = nextId++;
            var path = parentPath.Length == 0 ? id.ToString(CultureInfo.InvariantCulture) : $"{parentPath}.{id}";
            areas.Add((id, parent, name, level, depth, path));
            return (id, path);
        }

        var city = Add(null, "", "ベンチ市", "市町村", 0);
        var schools = new List<(int Id, string Path)>();
        for (var d = 0; d < 10; d++)
        {
            var district = Add(city.Id, city.Path, $"第{d + 1}圏域", "日常生活圏域", 1);
            for (var s = 0; s < 8; s++)
            {
                schools.Add(Add(district.Id, district.Path, $"第{d + 1}-{s + 1}小学校区", "小学校区", 2));
            }
        }

        var blocks = new List<int>();
        for (var b = 0; areas.Count < 2_000; b++)
        {
            var school = schools[b % schools.Count];
            blocks.Add(Add(school.Id, school.Path, $"町{b + 1}丁目", "町丁目", 3).Id);
        }

        _schoolDistrictId = schools[0].Id;
        await using var connection = await context.OpenAsync();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY areas (id, parent_id, code, name, level, depth, path, sort_order) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var a in areas)
            {
                await import.StartRowAsync();
                await import.WriteAsync(a.Id, NpgsqlDbType.Integer);
                if (a.Parent is int parent)
                {
                    await import.WriteAsync(parent, NpgsqlDbType.Integer);
                }
                else
                {
                    await import.WriteNullAsync();
                }

                await import.WriteAsync($"bench-{a.Id}", NpgsqlDbType.Varchar);
                await import.WriteAsync(a.Name, NpgsqlDbType.Varchar);
                await import.WriteAsync(a.Level, NpgsqlDbType.Varchar);
                await import.WriteAsync(a.Depth, NpgsqlDbType.Integer);
                await import.WriteAsync(a.Path, NpgsqlDbType.Varchar);
                await import.WriteAsync(a.Id - FirstAreaId, NpgsqlDbType.Integer);
            }

            await import.CompleteAsync();
        }

        var categories = PlaceVocabulary.SeedCategories.Select(c => c.Code).ToArray();
        var now = DateTimeOffset.UtcNow;
        await using (var import = await connection.BeginBinaryImportAsync("""
            COPY places (name, name_kana, description, category_code, audiences, weekdays, schedule_text, is_free, fee_text,
                accessibility, accessibility_note, professional_present, welfare_volunteer_present, host_organization,
                contact_phone, contact_email, contact_note, postal_code, address_area, address_detail, latitude, longitude,
                precision, location_description, directions, area_id, visibility, status, rejection_reason, source,
                search_text, created_at, updated_at, last_confirmed_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < PlaceCount; i++)
            {
                var name = $"ふれあいサロン{i + 1}";
                var kana = $"フレアイサロン{i + 1}";
                var description = "体操とおしゃべりの会です。お茶を飲みながら、ゆっくり過ごせます。";
                var day = random.Next(0, 7);
                await import.StartRowAsync();
                await import.WriteAsync(name, NpgsqlDbType.Varchar);
                await import.WriteAsync(kana, NpgsqlDbType.Varchar);
                await import.WriteAsync(description, NpgsqlDbType.Varchar);
                await import.WriteAsync(categories[random.Next(categories.Length)], NpgsqlDbType.Varchar);
                await import.WriteAsync(new[] { "elderly", "everyone" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await import.WriteAsync(new[] { day }, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                await import.WriteAsync("第1・第3水曜 10:00〜12:00", NpgsqlDbType.Varchar);
                await import.WriteAsync(random.Next(3) == 0, NpgsqlDbType.Boolean);
                await import.WriteAsync("1回100円", NpgsqlDbType.Varchar);
                await import.WriteAsync(new[] { "step-free" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync(false, NpgsqlDbType.Boolean);
                await import.WriteAsync(random.Next(2) == 0, NpgsqlDbType.Boolean);
                await import.WriteAsync("町内会", NpgsqlDbType.Varchar);
                await import.WriteAsync("0120-000-000", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("ベンチ市", NpgsqlDbType.Varchar);
                await import.WriteAsync($"{i % 30 + 1}-{i % 7 + 1}", NpgsqlDbType.Varchar);
                await import.WriteAsync(35.6 + (random.NextDouble() * 0.2), NpgsqlDbType.Double);
                await import.WriteAsync(139.5 + (random.NextDouble() * 0.3), NpgsqlDbType.Double);
                await import.WriteAsync(i % 10 == 0 ? "Reduced" : "Exact", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("駅から歩いて5分", NpgsqlDbType.Varchar);
                await import.WriteAsync(blocks[random.Next(blocks.Count)], NpgsqlDbType.Integer);
                await import.WriteAsync(i % 50 == 0 ? "Hidden" : "Public", NpgsqlDbType.Varchar);
                await import.WriteAsync("Published", NpgsqlDbType.Varchar);
                await import.WriteAsync("", NpgsqlDbType.Varchar);
                await import.WriteAsync("web", NpgsqlDbType.Varchar);
                await import.WriteAsync(SearchText.Normalize($"{name} {kana} {description}"), NpgsqlDbType.Varchar);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await import.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE areas; ANALYZE places;", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context) =>
        new PageVersusStaticScenario("居場所 in one 小学校区", PagePath).RunAsync(context);

    /// <summary>The measured page, once seeded: the places of one 小学校区.</summary>
    public string PagePath => $"/places?area={_schoolDistrictId}";
}
