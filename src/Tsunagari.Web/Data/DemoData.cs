using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Data;

/// <summary>
/// A fictional municipality, 緑ヶ丘市 in 架空県: 3 日常生活圏域, 8 小学校区 and 30 町丁目, plus one demo account per
/// role. Idempotent: areas are matched by code, accounts by e-mail, grants by their unique key.
/// Only for Development and demos; the accounts' password is public (README).
/// </summary>
public sealed class DemoData(TsunagariDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public const string Password = "tsunagari-demo-2026";

    private static readonly (string District, string[] Schools)[] Districts =
    [
        ("北部", ["桜台", "青葉", "山手"]),
        ("中央", ["本町", "駅前", "川端"]),
        ("南部", ["若葉", "港南"]),
    ];

    private static readonly string[][] Blocks =
    [
        ["桜台一丁目", "桜台二丁目", "桜台三丁目", "桜台団地"],
        ["青葉町", "青葉台一丁目", "青葉台二丁目", "北原"],
        ["山手一丁目", "山手二丁目", "西山", "ひばりが丘団地"],
        ["本町一丁目", "本町二丁目", "本町三丁目", "元町"],
        ["駅前一丁目", "駅前二丁目", "栄町", "中島"],
        ["川端町", "新川", "柳町"],
        ["若葉一丁目", "若葉二丁目", "若葉台団地", "東原"],
        ["港南一丁目", "港南二丁目", "浜町"],
    ];

    public static readonly (string Email, string Name, string? Role, string? AreaCode)[] Accounts =
    [
        ("resident@example.jp", "緑川 さくら", null, null),
        ("volunteer@example.jp", "青木 はると", Roles.Volunteer, "demo-city"),
        ("organizer@example.jp", "桜井 みどり", Roles.Organizer, "demo-s01"),
        ("coordinator@example.jp", "北村 ゆうこ", Roles.Coordinator, "demo-d1"),
        ("coordinator1@example.jp", "中田 けんじ", Roles.Coordinator, "demo-city"),
        ("council@example.jp", "本田 たかし", Roles.CouncilMember, "demo-city"),
        ("admin@example.jp", "市役所 管理者", Roles.Admin, "demo-city"),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        await EnsureAreasAsync(ct);
        await EnsureAccountsAsync(ct);
        await Features.Salons.SalonsDemoData.EnsureAsync(db, clock, ct);
        await new Features.Places.PlacesDemoData(db, clock).EnsureAsync(ct);
    }

    private async Task EnsureAreasAsync(CancellationToken ct)
    {
        var existing = await db.Areas.ToDictionaryAsync(a => a.Code, StringComparer.Ordinal, ct);
        var sort = 0;
        Area Ensure(string code, string name, string level, Area? parent)
        {
            if (!existing.TryGetValue(code, out var area))
            {
                area = new Area { Code = code, Name = name, Level = level };
                db.Areas.Add(area);
                existing[code] = area;
            }

            area.ParentId = parent?.Id;
            area.SortOrder = sort++;
            return area;
        }

        var prefecture = Ensure("demo-pref", "架空県", "都道府県", null);
        var city = Ensure("demo-city", "緑ヶ丘市", "市町村", prefecture);
        var leaves = new List<(Area Leaf, Area School, Area District)>();
        var school = 0;
        for (var d = 0; d < Districts.Length; d++)
        {
            var district = Ensure($"demo-d{d + 1}", $"{Districts[d].District}圏域", "日常生活圏域", city);
            foreach (var schoolName in Districts[d].Schools)
            {
                var schoolArea = Ensure($"demo-s{school + 1:00}", $"{schoolName}小学校区", "小学校区", district);
                for (var b = 0; b < Blocks[school].Length; b++)
                {
                    leaves.Add((Ensure($"demo-s{school + 1:00}-{b + 1:00}", Blocks[school][b], "町丁目", schoolArea), schoolArea, district));
                }

                school++;
            }
        }

        // Deterministic, plausible figures (about 30% aged 65+, 16% aged 75+), summed up the tree.
        var totals = new Dictionary<Area, (int All, int Aged65, int Aged75)>();
        for (var i = 0; i < leaves.Count; i++)
        {
            var population = 1200 + (i * 397 % 1500);
            var aged65 = population * (24 + (i * 7 % 15)) / 100;
            var aged75 = aged65 * (48 + (i * 5 % 12)) / 100;
            foreach (var area in new[] { leaves[i].Leaf, leaves[i].School, leaves[i].District, city, prefecture })
            {
                var t = totals.GetValueOrDefault(area);
                totals[area] = (t.All + population, t.Aged65 + aged65, t.Aged75 + aged75);
            }
        }

        foreach (var (area, t) in totals)
        {
            (area.Population, area.Population65, area.Population75) = (t.All, t.Aged65, t.Aged75);
        }

        ImportAreaTree.AssignPaths(existing.Values);
        await db.SaveChangesAsync(ct);
    }

    private async Task EnsureAccountsAsync(CancellationToken ct)
    {
        var areaIds = await db.Areas.Where(a => a.Code.StartsWith("demo-")).ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        foreach (var (email, name, role, areaCode) in Accounts)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = clock.GetUtcNow() };
                var result = await users.CreateAsync(user, Password);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException("Demo account could not be created: " + string.Join(", ", result.Errors.Select(e => e.Description)));
                }
            }

            if (role is null)
            {
                continue;
            }

            int? areaId = areaCode is null ? null : areaIds[areaCode];
            if (!await db.RoleGrants.AnyAsync(g => g.UserId == user.Id && g.Role == role && g.AreaId == areaId, ct))
            {
                db.RoleGrants.Add(new RoleGrant { Id = Guid.NewGuid(), UserId = user.Id, Role = role, AreaId = areaId, GrantedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
            }
        }
    }
}
