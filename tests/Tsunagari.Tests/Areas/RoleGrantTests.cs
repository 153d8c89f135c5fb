using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task Granting_and_revoking_a_role_are_written_to_the_audit_log_that_admins_read()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp", "管理 太郎");
        await App.GrantAsync(admin, Roles.Admin, areas["city"]);
        var coordinator = await App.CreateUserAsync("sc@example.jp");
        var client = await App.SignedInAsync("admin@example.jp");

        await client.PostFormAsync("/staff/admin/roles", "/staff/admin/roles", new()
        {
            ["Email"] = "sc@example.jp", ["Role"] = Roles.Coordinator, ["AreaId"] = areas["west"].ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var grantId = await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().RoleGrants
            .Where(g => g.UserId == coordinator.Id).Select(g => g.Id).SingleAsync());
        var revoked = await client.PostFormAsync("/staff/admin/roles", $"/staff/admin/roles/{grantId}/revoke", []);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        await App.WithDbAsync(async db =>
        {
            var entries = await db.Set<Tsunagari.Web.Infrastructure.Audit.AuditEntry>().OrderBy(e => e.Id).ToListAsync();
            Assert.Collection(
                entries,
                e => Assert.Equal(("role.granted", admin.Id, coordinator.Id.ToString(), areas["west"]), (e.Action, e.ActorId!.Value, e.SubjectId, e.AreaId!.Value)),
                e => Assert.Equal(("role.revoked", admin.Id, coordinator.Id.ToString(), areas["west"]), (e.Action, e.ActorId!.Value, e.SubjectId, e.AreaId!.Value)));
        });
        var log = await client.GetDocumentAsync("/staff/admin/audit?op=role.granted");
        Assert.Contains("管理 太郎", log.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);
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
