using System.Security.Claims;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// The one rule for who may run a volunteer opportunity (issue 5: "by an organizer, an organisation or a coordinator"):
/// <list type="bullet">
/// <item>coordinators and admins — <see cref="Permission.RunActivities"/> on the opportunity's area — run every
/// opportunity there, including the coordinator-only tools (<see cref="CanCoordinateAsync"/>);</item>
/// <item>organizers — <see cref="Permission.ManageOwnListings"/> on the area — create opportunities there and run only
/// the ones they created (<see cref="Opportunity.CreatedBy"/>), while they still hold the grant on its area.</item>
/// </list>
/// Matching suggestions, invitations, signups entered by phone or paper and cancelling someone's signup stay with
/// coordinators: they reach volunteers who did not sign up for the organizer's activity, or act on someone's behalf.
/// </summary>
public sealed class OpportunityAccess(AreaAccess access, UserGrants grants, AreaTree areas, TsunagariDbContext db)
{
    /// <summary>May the user put a new opportunity in this area (their own as an organizer, or any as a coordinator)?</summary>
    public async Task<bool> CanCreateAsync(ClaimsPrincipal user, int areaId, CancellationToken ct) =>
        await access.CanAsync(user, Permission.RunActivities, areaId, ct)
        || await access.CanAsync(user, Permission.ManageOwnListings, areaId, ct);

    /// <summary>May the user edit the opportunity, add shifts, read its rosters and record attendance?</summary>
    public async Task<bool> CanManageAsync(ClaimsPrincipal user, Opportunity opportunity, CancellationToken ct) =>
        await CanCoordinateAsync(user, opportunity, ct)
        || (UserGrants.TryGetUserId(user, out var me) && opportunity.CreatedBy == me
            && await access.CanAsync(user, Permission.ManageOwnListings, opportunity.AreaId, ct));

    /// <summary>Coordinator-only tools: suggestions and invitations, proxy signups, cancelling a signup.</summary>
    public Task<bool> CanCoordinateAsync(ClaimsPrincipal user, Opportunity opportunity, CancellationToken ct) =>
        access.CanAsync(user, Permission.RunActivities, opportunity.AreaId, ct);

    /// <summary>Areas offered on the form, in tree order.</summary>
    public async Task<IReadOnlyList<AreaListItem>> AreasForCreatingAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var scopes = (await grants.ScopesForAsync(user, Permission.RunActivities, ct))
            .Concat(await grants.ScopesForAsync(user, Permission.ManageOwnListings, ct))
            .Select(g => g.AreaPath!).Distinct().ToList();
        return (await areas.AllInTreeOrderAsync(ct)).Where(a => scopes.Any(s => Area.Covers(s, a.Path))).ToList();
    }

    /// <summary>The staff list: every opportunity in coordinated areas, and the user's own in their organizer areas.</summary>
    public async Task<(IQueryable<Opportunity> Opportunities, bool HasScope)> ManageableAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var all = await areas.AllInTreeOrderAsync(ct);
        async Task<int[]> IdsAsync(Permission permission)
        {
            var scopes = (await grants.ScopesForAsync(user, permission, ct)).Select(g => g.AreaPath!).ToList();
            return all.Where(a => scopes.Any(s => Area.Covers(s, a.Path))).Select(a => a.Id).ToArray();
        }

        var coordinated = await IdsAsync(Permission.RunActivities);
        var own = await IdsAsync(Permission.ManageOwnListings);
        UserGrants.TryGetUserId(user, out var me); // Guid.Empty when absent: matches no creator
        var query = db.Set<Opportunity>().Where(o => coordinated.Contains(o.AreaId) || (o.CreatedBy == me && own.Contains(o.AreaId)));
        return (query, coordinated.Length > 0 || own.Length > 0);
    }
}
