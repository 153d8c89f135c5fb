using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Salons;

/// <summary>
/// Who may keep a salon: its organizer while they hold <see cref="Permission.ManageOwnListings"/> on its area, and
/// anyone who may <see cref="Permission.ModerateListings"/> there (coordinators, admins).
/// </summary>
public sealed class SalonAccess(AreaAccess access, UserGrants grants, AreaTree areas, TsunagariDbContext db)
{
    public async Task<bool> CanManageAsync(ClaimsPrincipal user, Salon salon, CancellationToken ct) =>
        await access.CanAsync(user, Permission.ModerateListings, salon.AreaId, ct)
        || (UserGrants.TryGetUserId(user, out var me) && salon.OrganizerUserId == me
            && await access.CanAsync(user, Permission.ManageOwnListings, salon.AreaId, ct));

    /// <summary>May the user put a salon in this area (their own, or any as a coordinator)?</summary>
    public Task<bool> CanCreateInAsync(ClaimsPrincipal user, int areaId, CancellationToken ct) =>
        access.CanAsync(user, Permission.ManageOwnListings, areaId, ct);

    /// <summary>Areas where the user may put a salon, in tree order.</summary>
    public async Task<IReadOnlyList<AreaListItem>> AreasForCreatingAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var scopes = (await grants.ScopesForAsync(user, Permission.ManageOwnListings, ct)).Select(g => g.AreaPath!).ToList();
        return (await areas.AllInTreeOrderAsync(ct)).Where(a => scopes.Any(s => Area.Covers(s, a.Path))).ToList();
    }

    /// <summary>The salons the user may keep.</summary>
    public async Task<IQueryable<Salon>> ManageableAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var all = await areas.AllInTreeOrderAsync(ct);
        async Task<int[]> IdsAsync(Permission permission)
        {
            var scopes = (await grants.ScopesForAsync(user, permission, ct)).Select(g => g.AreaPath!).ToList();
            return all.Where(a => scopes.Any(s => Area.Covers(s, a.Path))).Select(a => a.Id).ToArray();
        }

        var moderated = await IdsAsync(Permission.ModerateListings);
        var own = await IdsAsync(Permission.ManageOwnListings);
        UserGrants.TryGetUserId(user, out var me);
        return db.Set<Salon>().Where(s => moderated.Contains(s.AreaId) || (s.OrganizerUserId == me && own.Contains(s.AreaId)));
    }
}
