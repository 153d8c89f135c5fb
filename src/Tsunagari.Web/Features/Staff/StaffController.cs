using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Staff;

/// <summary>The staff start page: which roles the user holds where, and the tools those roles open.</summary>
[Route("staff")]
[Authorize(Policy = Policies.Staff)]
public sealed class StaffController(UserGrants grants) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var mine = await grants.ForAsync(User, ct);
        return View(new StaffHomeViewModel(
            mine.Where(g => g.AreaId is not null).ToList(),
            mine.Any(g => RolePermissions.Allows(g.Role, Permission.ManageAreas)),
            mine.Any(g => RolePermissions.Allows(g.Role, Permission.ManageRoles))));
    }
}

public sealed record StaffHomeViewModel(IReadOnlyList<GrantView> Grants, bool CanManageAreas, bool CanManageRoles);
