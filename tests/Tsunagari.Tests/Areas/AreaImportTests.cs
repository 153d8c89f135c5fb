using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Areas;

public sealed class AreaImportTests(TsunagariApp app) : AppTest(app)
{
    private const string Header = "code,parent_code,name,name_kana,level,population,population_65,population_75\n";

    private Task<ImportAreaTree.Result> ImportAsync(string text, ImportAreaTree.Format format = ImportAreaTree.Format.Csv, string scope = "pref") =>
        ImportAsync(Encoding.UTF8.GetBytes(text), format, scope);

    private async Task<ImportAreaTree.Result> ImportAsync(byte[] bytes, ImportAreaTree.Format format, string scope)
    {
        var scopePath = await App.WithScopeAsync(async sp =>
            await sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Areas.Where(a => a.Code == scope).Select(a => a.Path).SingleAsync());
        return await App.WithScopeAsync(sp => sp.GetRequiredService<ImportAreaTree>().HandleAsync(bytes, format, [scopePath], CancellationToken.None));
    }

    [Fact]
    public async Task Csv_import_adds_a_subtree_with_paths_levels_and_population()
    {
        await App.SeedAreasAsync();

        var result = await ImportAsync(Header +
            "kita,city,北圏域,キタケンイキ,日常生活圏域,\"12,000\",4000,2100\n" +
            "kita-1,kita,北小学校区,,小学校区,６０００,2000,1000\n" +
            "kita-1-1,kita-1,北町一丁目,,町丁目,3000,1000,500\n");

        Assert.Equal(new ImportAreaTree.Result.Imported(3, 0), result);
        await App.WithDbAsync(async db =>
        {
            var areas = await db.Areas.ToDictionaryAsync(a => a.Code);
            var block = areas["kita-1-1"];
            Assert.Equal($"{areas["pref"].Id}.{areas["city"].Id}.{areas["kita"].Id}.{areas["kita-1"].Id}.{block.Id}", block.Path);
            Assert.Equal(4, block.Depth);
            Assert.Equal(12000, areas["kita"].Population);
            Assert.Equal(6000, areas["kita-1"].Population); // full-width digits are read
            Assert.Equal("キタケンイキ", areas["kita"].NameKana);
        });
    }

    [Fact]
    public async Task Csv_with_errors_lists_every_bad_line_in_japanese_and_imports_nothing()
    {
        await App.SeedAreasAsync();

        var result = await ImportAsync(Header +
            "ok-1,city,正しい行,,日常生活圏域,100,50,20\n" +
            "bad-1,city,,,日常生活圏域,100,50,20\n" +
            "bad-2,nowhere,親がない,,小学校区,,,\n" +
            "bad-3,city,逆転,,小学校区,100,30,40\n" +
            "ok-1,city,重複,,小学校区,,,\n" +
            "bad-4,city,数字でない,,小学校区,たくさん,,\n");

        var rejected = Assert.IsType<ImportAreaTree.Result.Rejected>(result);
        var messages = rejected.Errors.Select(e => e.Message).ToList();
        Assert.Contains("3行目: 名称（name）がありません。", messages);
        Assert.Contains("5行目: 75歳以上人口が65歳以上人口より多くなっています。", messages);
        Assert.Contains("6行目: コード「ok-1」が2行目と重複しています。", messages);
        Assert.Contains("7行目: 人口「たくさん」は0以上の整数にしてください。", messages);
        await App.WithDbAsync(async db => Assert.False(await db.Areas.AnyAsync(a => a.Code == "ok-1")));

        // With the field errors fixed, the unknown parent is the one that remains — still with its line.
        var second = await ImportAsync(Header + "ok-1,city,正しい行,,日常生活圏域,,,\nbad-2,nowhere,親がない,,小学校区,,,\n");
        Assert.Equal("3行目: 親コード「nowhere」の地域が、ファイルにも登録済みの地域にもありません。",
            Assert.Single(Assert.IsType<ImportAreaTree.Result.Rejected>(second).Errors).Message);
        await App.WithDbAsync(async db => Assert.False(await db.Areas.AnyAsync(a => a.Code == "ok-1")));
    }

    [Fact]
    public async Task Moving_an_area_under_its_own_child_is_refused_as_a_cycle()
    {
        await App.SeedAreasAsync();

        var result = await ImportAsync(Header + "east,east-1,東圏域,,日常生活圏域,,,\n");

        var error = Assert.Single(Assert.IsType<ImportAreaTree.Result.Rejected>(result).Errors);
        Assert.Contains("循環", error.Message, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
            Assert.Equal(await db.Areas.Where(a => a.Code == "city").Select(a => a.Id).SingleAsync(),
                await db.Areas.Where(a => a.Code == "east").Select(a => a.ParentId).SingleAsync()));
    }

    [Fact]
    public async Task Shift_jis_csv_with_japanese_headers_is_read()
    {
        await App.SeedAreasAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(932).GetBytes("コード,親コード,名称,階層,人口\r\nminami,city,南圏域,日常生活圏域,5000\r\n");

        var result = await ImportAsync(bytes, ImportAreaTree.Format.Csv, "pref");

        Assert.Equal(new ImportAreaTree.Result.Imported(1, 0), result);
        await App.WithDbAsync(async db => Assert.Equal("南圏域", (await db.Areas.SingleAsync(a => a.Code == "minami")).Name));
    }

    [Fact]
    public async Task Geojson_import_keeps_boundaries_and_names_the_line_of_a_bad_feature()
    {
        await App.SeedAreasAsync();
        const string good = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"poly","parent_code":"city","name":"境界あり","level":"日常生活圏域","population":100},
               "geometry":{"type":"Polygon","coordinates":[[[139.0,35.0],[139.1,35.0],[139.1,35.1],[139.0,35.0]]]}}
            ]}
            """;
        Assert.Equal(new ImportAreaTree.Result.Imported(1, 0), await ImportAsync(good, ImportAreaTree.Format.GeoJson));
        await App.WithDbAsync(async db => Assert.Contains("Polygon", (await db.Areas.SingleAsync(a => a.Code == "poly")).BoundaryGeoJson, StringComparison.Ordinal));

        const string bad = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"fine","parent_code":"city","name":"正常","level":"日常生活圏域"},"geometry":null},
              {"type":"Feature","properties":{"code":"far","parent_code":"city","name":"範囲外","level":"日常生活圏域"},
               "geometry":{"type":"Polygon","coordinates":[[[239.0,35.0],[139.1,35.0],[139.1,35.1],[239.0,35.0]]]}}
            ]}
            """;
        var rejected = Assert.IsType<ImportAreaTree.Result.Rejected>(await ImportAsync(bad, ImportAreaTree.Format.GeoJson));
        Assert.StartsWith("3行目（2番目の地物）", Assert.Single(rejected.Errors).Message, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.False(await db.Areas.AnyAsync(a => a.Code == "fine")));

        var broken = Assert.IsType<ImportAreaTree.Result.Rejected>(await ImportAsync("{\"type\":\n\"FeatureCollection\",,", ImportAreaTree.Format.GeoJson));
        Assert.Contains("2行目", Assert.Single(broken.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_cannot_import_into_an_area_outside_their_scope()
    {
        await App.SeedAreasAsync();

        var result = await ImportAsync(Header + "sneaky,other-town,よその地域,,日常生活圏域,,,\n", scope: "city");

        Assert.Contains("管理できる地域の外", Assert.Single(Assert.IsType<ImportAreaTree.Result.Rejected>(result).Errors).Message, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.False(await db.Areas.AnyAsync(a => a.Code == "sneaky")));
    }

    [Fact]
    public async Task Admin_uploads_a_csv_on_the_areas_page_and_sees_the_result()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp");
        await App.GrantAsync(admin, Roles.Admin, areas["city"]);
        var client = await App.SignedInAsync("admin@example.jp");
        var page = await client.GetDocumentAsync("/staff/admin/areas");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        async Task<HttpResponseMessage> Upload(string csv)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "areas.csv");
            return await client.PostAsync("/staff/admin/areas/import", form);
        }

        var ok = await Upload(Header + "naka,city,中圏域,,日常生活圏域,100,40,20\n");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var okPage = await ok.ReadDocumentAsync();
        Assert.Contains("追加 1 件", okPage.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(okPage.QuerySelectorAll("tbody th"), th => th.TextContent == "中圏域");

        var bad = await Upload(Header + "naka2,city,,,日常生活圏域,,,\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("2行目: 名称（name）がありません。", (await bad.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }
}
