using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Staff;

/// <summary>
/// The staff start page: which roles the user holds where, and the tools those roles open. Coordinators (and admins)
/// also get the dashboard inbox for the chosen area of their grants; organizers keep the plain start page.
/// </summary>
[Route("staff")]
[Authorize(Policy = Policies.Staff)]
public sealed class StaffController(UserGrants grants, CoordinatorScope scope, CoordinatorInbox inbox) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? area, CancellationToken ct)
    {
        var mine = await grants.ForAsync(User, ct);
        var (outcome, view) = await scope.ResolveAsync(User, area, ct);
        if (outcome == CoordinatorScope.Outcome.OutOfScope)
        {
            return NotFound();
        }

        var dashboard = view is null ? null : new CoordinatorHomeViewModel(view, await inbox.CountAsync(view.SubtreeIds, ct));
        return View(new StaffHomeViewModel(
            mine.Where(g => g.AreaId is not null).ToList(),
            mine.Any(g => RolePermissions.Allows(g.Role, Permission.ManageAreas)),
            mine.Any(g => RolePermissions.Allows(g.Role, Permission.ManageRoles)),
            dashboard));
    }
}

public sealed record StaffHomeViewModel(IReadOnlyList<GrantView> Grants, bool CanManageAreas, bool CanManageRoles, CoordinatorHomeViewModel? Dashboard = null);

public sealed record CoordinatorHomeViewModel(CoordinatorView View, InboxCounts Inbox);
