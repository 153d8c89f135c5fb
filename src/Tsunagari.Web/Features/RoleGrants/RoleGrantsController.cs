using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.RoleGrants;

/// <summary>Admins grant and revoke roles on areas within their own scope.</summary>
[Route("staff/admin/roles")]
[Authorize(Policy = Policies.Admin)]
[AutoValidateAntiforgeryToken]
public sealed class RoleGrantsController(
    TsunagariDbContext db,
    UserGrants grants,
    AreaTree areas,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken ct = default) =>
        View(await BuildAsync(new GrantRoleForm(), Math.Max(1, page), ct));

    [HttpPost("")]
    public async Task<IActionResult> Grant(GrantRoleForm form, [FromServices] GrantRole grant, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await grant.HandleAsync(User, form, ct);
            if (result == GrantRole.Result.Granted)
            {
                TempData["Message"] = l["役割を付与しました。"].Value;
                return RedirectToAction(nameof(Index));
            }

            var (field, message) = result switch
            {
                GrantRole.Result.AlreadyGranted => ("", l["この方は、この地域でその役割をすでに持っています。"]),
                GrantRole.Result.UnknownUser => (nameof(form.Email), l["このメールアドレスのアカウントはありません。先に本人に登録してもらってください。"]),
                GrantRole.Result.UnknownRole => (nameof(form.Role), l["役割を一覧から選んでください。"]),
                _ => (nameof(form.AreaId), l["この地域の役割を管理する権限がありません。"]),
            };
            ModelState.AddModelError(field, message);
            Response.StatusCode = result == GrantRole.Result.OutOfScope ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View(nameof(Index), await BuildAsync(form, 1, ct));
    }

    [HttpPost("{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(Guid id, [FromServices] RevokeRole revoke, CancellationToken ct)
    {
        var result = await revoke.HandleAsync(User, id, ct);
        switch (result)
        {
            case RevokeRole.Result.Revoked:
                TempData["Message"] = l["役割を取り消しました。"].Value;
                return RedirectToAction(nameof(Index));
            case RevokeRole.Result.NotFound:
                return NotFound();
            case RevokeRole.Result.OutOfScope:
                return Forbid();
            default:
                TempData["Message"] = l["ご自身の管理者の役割は取り消せません。ほかの管理者に依頼してください。"].Value;
                return RedirectToAction(nameof(Index));
        }
    }

    private async Task<RoleGrantsViewModel> BuildAsync(GrantRoleForm form, int page, CancellationToken ct)
    {
        var scopes = (await grants.ScopesForAsync(User, Permission.ManageRoles, ct)).Select(g => g.AreaPath!).ToList();
        var allAreas = await areas.AllInTreeOrderAsync(ct);
        var areasInScope = allAreas.Where(a => scopes.Any(s => Area.Covers(s, a.Path))).ToList();
        var ids = areasInScope.Select(a => a.Id).ToArray();
        var query = db.RoleGrants.AsNoTracking().Where(g => g.AreaId != null && ids.Contains(g.AreaId.Value));
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(g => g.Area!.Path).ThenBy(g => g.Role).ThenBy(g => g.User!.Email)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(g => new GrantListItem(g.Id, g.User!.DisplayName, g.User.Email ?? "", g.Role, g.Area!.Name, g.Area.Level, g.GrantedAt))
            .ToListAsync(ct);
        return new RoleGrantsViewModel(form, rows, areasInScope, page, (total + PageSize - 1) / PageSize);
    }
}

public sealed record GrantListItem(Guid Id, string DisplayName, string Email, string Role, string AreaName, string AreaLevel, DateTimeOffset GrantedAt);

public sealed record RoleGrantsViewModel(GrantRoleForm Form, IReadOnlyList<GrantListItem> Grants, IReadOnlyList<AreaListItem> Areas, int Page, int PageCount);
