using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Infrastructure.Audit;

/// <summary><c>/staff/admin/audit</c> — admins read the audit log of their areas (entries without an area too), newest first.</summary>
[Route("staff/admin/audit")]
[Authorize(Policy = Policies.Admin)]
public sealed class AuditController(TsunagariDbContext db, SupportMapAreas scope) : Controller
{
    private const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? op, int page = 1, CancellationToken ct = default)
    {
        var ids = await scope.ScopeAsync(User, Permission.ManageRoles, ct);
        page = Math.Max(1, page);
        var query = db.Set<AuditEntry>().AsNoTracking().Where(e => e.AreaId == null || ids.Contains(e.AreaId.Value));
        // "op", not "action": MVC reserves the route value "action".
        if (!string.IsNullOrEmpty(op))
        {
            query = query.Where(e => e.Action == op);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var actions = await db.Set<AuditEntry>().AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        return View("~/Infrastructure/Audit/Index.cshtml", new AuditViewModel(rows, actions.Union(AuditActions.All).Order(StringComparer.Ordinal).ToList(), op, page, Math.Max(1, (total + PageSize - 1) / PageSize), total));
    }
}

public sealed record AuditViewModel(IReadOnlyList<AuditEntry> Rows, IReadOnlyList<string> Actions, string? Action, int Page, int PageCount, int Total);
