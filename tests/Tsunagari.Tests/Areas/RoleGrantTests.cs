using System.Net;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Areas;

public sealed class RoleGrantTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Admin_grants_a_coordinator_role_once_and_a_second_grant_is_refused_with_a_message()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp");
        await App.GrantAsync(admin, Roles.Admin, areas["city"]);
        await App.CreateUserAsync("sc@example.jp");
        var client = await App.SignedInAsync("admin@example.jp");
        Dictionary<string, string> Form() => new() { ["Email"] = "sc@example.jp", ["Role"] = Roles.Coordinator, ["AreaId"] = areas["west"].ToString(System.Globalization.CultureInfo.InvariantCulture) };

        var first = await client.PostFormAsync("/staff/admin/roles", "/staff/admin/roles", Form());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await client.PostFormAsync("/staff/admin/roles", "/staff/admin/roles", Form());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        var page = await second.ReadDocumentAsync();
        Assert.Contains("すでに持っています", page.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);

        await App.WithDbAsync(async db =>
            Assert.Equal(1, await db.RoleGrants.CountAsync(g => g.Role == Roles.Coordinator && g.AreaId == areas["west"])));
    }

    [Fact]
    public async Task Admin_cannot_grant_roles_outside_their_municipality()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp");
        await App.GrantAsync(admin, Roles.Admin, areas["city"]);
        await App.CreateUserAsync("someone@example.jp");
        var client = await App.SignedInAsync("admin@example.jp");

        var response = await client.PostFormAsync("/staff/admin/roles", "/staff/admin/roles", new()
        {
            ["Email"] = "someone@example.jp",
            ["Role"] = Roles.Admin,
            ["AreaId"] = areas["other-town"].ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await App.WithDbAsync(async db => Assert.False(await db.RoleGrants.AnyAsync(g => g.AreaId == areas["other-town"])));
    }

    [Fact]
    public async Task Database_refuses_a_staff_role_without_an_area()
    {
        var user = await App.CreateUserAsync("x@example.jp");
        await App.WithDbAsync(async db =>
        {
            db.RoleGrants.Add(new RoleGrant { Id = Guid.NewGuid(), UserId = user.Id, Role = Roles.Coordinator, AreaId = null, GrantedAt = DateTimeOffset.UtcNow });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });
    }
}
