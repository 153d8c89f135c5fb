using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Agenda;

/// <summary>
/// <c>/council/agenda</c> — what the 協議体 follows: items of the council's area with status, progress, follow-ups and
/// resources, and only the number of bundled 地域課題 (never their text, never raw submissions).
/// </summary>
[Route("council/agenda")]
[Authorize(Policy = Policies.Staff)]
public sealed class CouncilAgendaController(TsunagariDbContext db, SupportMapAreas scope, AreaAccess access) : Controller
{
    private const int PageSize = 20;

    [HttpGet("")]
    public async Task<IActionResult> Index(AgendaStatus? status, int page = 1, CancellationToken ct = default)
    {
        var ids = await scope.ScopeAsync(User, Permission.ViewCouncilDashboard, ct);
        if (ids.Length == 0)
        {
            return Forbid();
        }

        return View("CouncilIndex", await AgendaQueries.PageAsync(db, ids, status, page, PageSize, ct));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var detail = await AgendaQueries.DetailAsync(db, id, publicNamesOnly: true, ct);
        if (detail is null || !await access.CanAsync(User, Permission.ViewCouncilDashboard, detail.AreaId, ct))
        {
            return NotFound();
        }

        return View("CouncilDetails", detail);
    }
}
