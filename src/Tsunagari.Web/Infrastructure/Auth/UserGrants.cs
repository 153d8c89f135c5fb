using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Infrastructure.Auth;

/// <summary>
/// The signed-in user's grants, read from the database once per request so that a revoked role stops working
/// on the next request rather than when the cookie expires.
/// </summary>
public sealed class UserGrants(TsunagariDbContext db)
{
    private readonly Dictionary<Guid, IReadOnlyList<GrantView>> _cache = [];

    public async Task<IReadOnlyList<GrantView>> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!TryGetUserId(user, out var userId))
        {
            return [];
        }

        if (!_cache.TryGetValue(userId, out var grants))
        {
            grants = await db.RoleGrants.AsNoTracking()
                .Where(g => g.UserId == userId)
                .Select(g => new GrantView(g.Role, g.AreaId, g.Area == null ? null : g.Area.Path, g.Area == null ? null : g.Area.Name))
                .ToListAsync(ct);
            _cache[userId] = grants;
        }

        return grants;
    }

    /// <summary>May <paramref name="user"/> do <paramref name="permission"/> in the area at <paramref name="areaPath"/>?</summary>
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, Permission permission, string areaPath, CancellationToken ct = default)
    {
        var grants = await ForAsync(user, ct);
        return grants.Any(g => g.AreaPath is not null && RolePermissions.Allows(g.Role, permission) && Area.Covers(g.AreaPath, areaPath));
    }

    /// <summary>Ids of the roots of the subtrees where <paramref name="user"/> may do <paramref name="permission"/>.</summary>
    public async Task<IReadOnlyList<GrantView>> ScopesForAsync(ClaimsPrincipal user, Permission permission, CancellationToken ct = default)
    {
        var grants = await ForAsync(user, ct);
        return grants.Where(g => g.AreaPath is not null && RolePermissions.Allows(g.Role, permission)).ToList();
    }

    public static bool TryGetUserId(ClaimsPrincipal user, out Guid userId)
    {
        userId = Guid.Empty;
        return user.Identity?.IsAuthenticated == true
            && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out userId);
    }
}

public sealed record GrantView(string Role, int? AreaId, string? AreaPath, string? AreaName);
