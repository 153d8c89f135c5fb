using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.SupportMap;

/// <summary>Areas, one person per role, and the form-filling helpers the support-map tests share.</summary>
public sealed class SupportMapWorld
{
    public required Dictionary<string, int> Areas { get; init; }

    /// <summary>A 町丁目 under east-1 (小学校区), to prove issues are generalised up to the reporting level.</summary>
    public required int Block { get; init; }

    public static async Task<SupportMapWorld> CreateAsync(TsunagariApp app)
    {
        var areas = await app.SeedAreasAsync();
        var block = 0;
        await app.WithDbAsync(async db =>
        {
            var parent = await db.Areas.SingleAsync(a => a.Code == "east-1");
            var area = new Area { Code = "east-1-a", Name = "東一丁目", Level = "町丁目", ParentId = parent.Id, Depth = parent.Depth + 1 };
            db.Areas.Add(area);
            await db.SaveChangesAsync();
            area.Path = parent.Path + "." + area.Id;
            await db.SaveChangesAsync();
            block = area.Id;
        });

        var east = await app.CreateUserAsync("east-sc@example.jp", "東 コーディネーター");
        await app.GrantAsync(east, Roles.Coordinator, areas["east"]);
        var west = await app.CreateUserAsync("west-sc@example.jp", "西 コーディネーター");
        await app.GrantAsync(west, Roles.Coordinator, areas["west"]);
        var council = await app.CreateUserAsync("council@example.jp", "協議体 委員");
        await app.GrantAsync(council, Roles.CouncilMember, areas["city"]);
        var admin = await app.CreateUserAsync("admin@example.jp", "市 管理者");
        await app.GrantAsync(admin, Roles.Admin, areas["city"]);
        return new SupportMapWorld { Areas = areas, Block = block };
    }

    /// <summary>Fills the public form at /map like a person would (antiforgery token and signed form token included).</summary>
    public static async Task<HttpResponseMessage> SubmitOnPageAsync(HttpClient client, Dictionary<string, string> fields, string? reuseFormToken = null)
    {
        var page = await client.GetDocumentAsync("/map");
        fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["formToken"] = reuseFormToken ?? page.QuerySelector("input[name=formToken]")!.GetAttribute("value")!;
        fields.TryAdd("Consent", "true");
        return await client.PostAsync("/map", new FormUrlEncodedContent(fields));
    }

    public static async Task<Guid> SubmitAsync(TsunagariApp app, SubmissionKind kind, int areaId, string text, string? contact = null, string? address = null,
        double? latitude = null, double? longitude = null)
    {
        var fields = new Dictionary<string, string> { ["Kind"] = kind.ToString(), ["AreaId"] = areaId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Text"] = text };
        if (contact is not null)
        {
            fields["Contact"] = contact;
        }

        if (address is not null)
        {
            fields["Address"] = address;
        }

        if (latitude is not null)
        {
            fields["Latitude"] = latitude.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields["Longitude"] = longitude!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var response = await SubmitOnPageAsync(app.Browser(), fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Guid id = Guid.Empty;
        await app.WithDbAsync(async db => id = await db.Set<MapSubmission>().Where(s => s.Text == text).Select(s => s.Id).SingleAsync());
        return id;
    }

    public static Task<int> CountAsync<T>(TsunagariApp app, Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class =>
        app.WithScopeAsync(async sp =>
        {
            var db = (TsunagariDbContext)sp.GetService(typeof(TsunagariDbContext))!;
            var query = db.Set<T>().AsQueryable();
            return await (filter is null ? query : filter(query)).CountAsync();
        });
}
