using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Staff;

public sealed record ScopeArea(int Id, int? ParentId, string Name, string Level, int Depth, string Path, int? Population65);

/// <summary>The area a coordinator looks at, the roots of their grants, and the way back up to a root (for drill-up links).</summary>
public sealed record CoordinatorView(ScopeArea Area, IReadOnlyList<ScopeArea> Roots, IReadOnlyList<ScopeArea> Lineage, int[] SubtreeIds);

/// <summary>
/// Resolves which area the coordinator dashboard shows: the <c>area</c> asked for when one of the user's
/// <see cref="Permission.ViewCoordinatorDashboard"/> grants covers it, otherwise the first grant's area.
/// </summary>
public sealed class CoordinatorScope(TsunagariDbContext db, UserGrants grants)
{
    public enum Outcome
    {
        Shown,
        NoPermission,
        OutOfScope,
    }

    public async Task<(Outcome Outcome, CoordinatorView? View)> ResolveAsync(ClaimsPrincipal user, int? areaId, CancellationToken ct)
    {
        var scopes = await grants.ScopesForAsync(user, Permission.ViewCoordinatorDashboard, ct);
        if (scopes.Count == 0)
        {
            return (Outcome.NoPermission, null);
        }

        // Roots: granted areas not already covered by another grant.
        var rootPaths = Area.Roots(scopes.Select(s => s.AreaPath!));
        var rootIds = scopes.Where(s => rootPaths.Contains(s.AreaPath!)).Select(s => s.AreaId!.Value).Distinct().ToArray();
        var chosenId = areaId ?? rootIds[0];
        var chosen = await Select(db.Areas.Where(a => a.Id == chosenId)).SingleOrDefaultAsync(ct);
        if (chosen is null || !rootPaths.Any(p => Area.Covers(p, chosen.Path)))
        {
            return (Outcome.OutOfScope, null);
        }

        var roots = await Select(db.Areas.Where(a => rootIds.Contains(a.Id)).OrderBy(a => a.Path)).ToListAsync(ct);
        var root = roots.First(r => Area.Covers(r.Path, chosen.Path));
        var lineageIds = chosen.Path.Split('.').Select(int.Parse).ToArray();
        var lineage = await Select(db.Areas.Where(a => lineageIds.Contains(a.Id) && a.Depth >= root.Depth).OrderBy(a => a.Depth)).ToListAsync(ct);
        var prefix = chosen.Path + ".";
        var subtree = await db.Areas.Where(a => a.Path == chosen.Path || a.Path.StartsWith(prefix)).Select(a => a.Id).ToArrayAsync(ct);
        return (Outcome.Shown, new CoordinatorView(chosen, roots, lineage, subtree));
    }

    private static IQueryable<ScopeArea> Select(IQueryable<Area> areas) =>
        areas.Select(a => new ScopeArea(a.Id, a.ParentId, a.Name, a.Level, a.Depth, a.Path, a.Population65));
}
