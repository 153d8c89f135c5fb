using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Agenda;

/// <summary>
/// <c>/staff/agenda</c> — the coordinator's agenda builder: bundle 地域課題 into an item for a 協議体 meeting, then follow
/// it up (status, dated notes, the resources it led to). Everything is limited to the coordinator's area subtrees.
/// </summary>
[Route("staff/agenda")]
[Authorize(Policy = Policies.Staff)]
[AutoValidateAntiforgeryToken]
public sealed class StaffAgendaController(
    TsunagariDbContext db,
    SupportMapAreas scope,
    AreaTree areas,
    CreateAgendaItem create,
    FollowUpAgendaItem followUp,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 20;
    private const int IssueChoices = 200;

    [HttpGet("")]
    public async Task<IActionResult> Index(AgendaStatus? status, int page = 1, CancellationToken ct = default)
    {
        var ids = await scope.ScopeAsync(User, Permission.ViewCoordinatorDashboard, ct);
        if (ids.Length == 0)
        {
            return Forbid();
        }

        var list = await AgendaQueries.PageAsync(db, ids, status, page, PageSize, ct);
        return View("StaffIndex", list);
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(int? area, int? categoryId, string? from, string? to, bool all = false, CancellationToken ct = default)
    {
        var ids = await scope.ScopeAsync(User, Permission.ViewCoordinatorDashboard, ct);
        if (ids.Length == 0)
        {
            return Forbid();
        }

        if (area is int a && !ids.Contains(a))
        {
            return NotFound();
        }

        var form = new AgendaItemForm { AreaId = area, FormKey = Guid.NewGuid() };
        var model = await BuildAsync(form, ids, new IssueFilter(categoryId, from, to), [], ct);
        if (all)
        {
            form.IssueIds = model.Issues.Select(i => i.Id).ToList();
        }

        return View("New", model);
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create(AgendaItemForm form, int? categoryId, string? from, string? to, CancellationToken ct)
    {
        var ids = await scope.ScopeAsync(User, Permission.ViewCoordinatorDashboard, ct);
        if (ids.Length == 0)
        {
            return Forbid();
        }

        IReadOnlyList<PersonalDataFinding> findings = [];
        if (ModelState.IsValid)
        {
            switch (await create.HandleAsync(User, form, ct))
            {
                case CreateAgendaItem.Result.Created created:
                    TempData["Message"] = l["議題を作りました。協議体のページにも表示されます。"].Value;
                    return Redirect($"/staff/agenda/{created.Id}");
                case CreateAgendaItem.Result.OutOfScope:
                    return NotFound();
                case CreateAgendaItem.Result.HasPersonalData personal:
                    findings = personal.Findings;
                    ModelState.AddModelError(personal.Field, l["個人が特定できる情報が{0}か所あります。書きかえてから、もう一度保存してください。何も保存していません。", personal.Findings.Count].Value);
                    Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    break;
                case CreateAgendaItem.Result.Invalid invalid:
                    ModelState.AddModelError(invalid.Field, l[invalid.Message].Value);
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    break;
            }
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        if (form.AreaId is int a && !ids.Contains(a))
        {
            return NotFound();
        }

        return View("New", await BuildAsync(form, ids, new IssueFilter(categoryId, from, to), findings, ct));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var item = await followUp.FindAsync(User, id, ct);
        return item is null ? NotFound() : View("StaffDetails", await DetailsAsync(item, [], ct));
    }

    [HttpPost("{id:int}/status")]
    public Task<IActionResult> Status(int id, StatusForm form, CancellationToken ct) =>
        AfterAsync(id, followUp.ChangeStatusAsync(User, id, form, ct), "状態を変えました。", ct);

    [HttpPost("{id:int}/follow-ups")]
    public Task<IActionResult> FollowUps(int id, FollowUpForm form, CancellationToken ct) =>
        AfterAsync(id, followUp.AddFollowUpAsync(User, id, form, ct), "経過を記録しました。", ct);

    [HttpPost("{id:int}/resources")]
    public Task<IActionResult> Resources(int id, ResourceForm form, CancellationToken ct) =>
        AfterAsync(id, followUp.LinkResourceAsync(User, id, form, ct), "つながった資源を記録しました。", ct);

    private async Task<IActionResult> AfterAsync(int id, Task<FollowUpAgendaItem.Result> action, string done, CancellationToken ct)
    {
        var result = await action;
        IReadOnlyList<PersonalDataFinding> findings = [];
        switch (result)
        {
            case FollowUpAgendaItem.Result.Done:
                TempData["Message"] = l[done].Value;
                return Redirect($"/staff/agenda/{id}");
            case FollowUpAgendaItem.Result.NotFound:
                return NotFound();
            case FollowUpAgendaItem.Result.Conflict conflict:
                ModelState.AddModelError("", l[conflict.Message].Value);
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case FollowUpAgendaItem.Result.HasPersonalData personal:
                findings = personal.Findings;
                ModelState.AddModelError(personal.Field, l["個人が特定できる情報が{0}か所あります。書きかえてから、もう一度記録してください。何も保存していません。", personal.Findings.Count].Value);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            case FollowUpAgendaItem.Result.Invalid invalid:
                ModelState.AddModelError(invalid.Field, l[invalid.Message].Value);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
        }

        db.ChangeTracker.Clear();
        var item = await followUp.FindAsync(User, id, ct);
        return item is null ? NotFound() : View("StaffDetails", await DetailsAsync(item, findings, ct));
    }

    private async Task<AgendaFormViewModel> BuildAsync(AgendaItemForm form, int[] scopeIds, IssueFilter filter, IReadOnlyList<PersonalDataFinding> findings, CancellationToken ct)
    {
        var inScope = (await areas.AllInTreeOrderAsync(ct)).Where(a => scopeIds.Contains(a.Id)).ToList();
        var categories = await db.Set<IssueCategory>().AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToListAsync(ct);
        List<AgendaIssueChoice> issues = [];
        if (form.AreaId is int areaId)
        {
            var subtree = await areas.SubtreeIdsAsync(areaId, ct);
            var query = db.Set<LocalIssue>().AsNoTracking().Where(i => subtree.Contains(i.AreaId));
            if (filter.CategoryId is int c)
            {
                query = query.Where(i => i.CategoryId == c);
            }

            if (Month(filter.From) is DateOnly fromMonth)
            {
                query = query.Where(i => i.Month >= fromMonth);
            }

            if (Month(filter.To) is DateOnly toMonth)
            {
                query = query.Where(i => i.Month <= toMonth);
            }

            var listed = await query.Where(i => i.Status != IssueStatus.Resolved && i.Status != IssueStatus.Dropped)
                .OrderByDescending(i => i.Month).ThenByDescending(i => i.CreatedAt).Take(IssueChoices)
                .Select(i => i.Id).ToListAsync(ct);

            // Issues already chosen stay listed even when the filter would hide them.
            var shown = listed.Union(form.IssueIds).Take(AgendaLimits.MaxIssues).ToList();
            issues = await db.Set<LocalIssue>().AsNoTracking().Where(i => shown.Contains(i.Id) && subtree.Contains(i.AreaId))
                .Join(db.Set<IssueCategory>(), i => i.CategoryId, cat => cat.Id, (i, cat) => new { i, cat.Name })
                .Join(db.Areas, x => x.i.AreaId, ar => ar.Id, (x, ar) => new AgendaIssueChoice(x.i.Id, x.Name, ar.Name, x.i.Month, x.i.Summary))
                .ToListAsync(ct);
            issues = issues.OrderByDescending(i => i.Month).ThenBy(i => i.Category, StringComparer.Ordinal).ToList();
        }

        return new AgendaFormViewModel(form, inScope, categories, filter, issues, findings, IssueChoices);
    }

    private async Task<AgendaDetailsViewModel> DetailsAsync(AgendaItem item, IReadOnlyList<PersonalDataFinding> findings, CancellationToken ct)
    {
        var detail = await AgendaQueries.DetailAsync(db, item.Id, publicNamesOnly: false, ct);
        var issues = await db.Set<AgendaIssue>().AsNoTracking().Where(x => x.AgendaItemId == item.Id)
            .Join(db.Set<LocalIssue>(), x => x.LocalIssueId, i => i.Id, (x, i) => i)
            .Join(db.Set<IssueCategory>(), i => i.CategoryId, c => c.Id, (i, c) => new { i, c.Name })
            .Join(db.Areas, x => x.i.AreaId, a => a.Id, (x, a) => new AgendaIssueChoice(x.i.Id, x.Name, a.Name, x.i.Month, x.i.Summary))
            .ToListAsync(ct);
        issues = issues.OrderByDescending(i => i.Month).ThenBy(i => i.Category, StringComparer.Ordinal).ToList();

        // Resources that may be linked: those of the item's area subtree (names only; a few hundred at most per kind).
        var subtree = await areas.SubtreeIdsAsync(item.AreaId, ct);
        var places = await db.Set<Place>().AsNoTracking().Where(p => subtree.Contains(p.AreaId) && p.Status != PlaceStatus.Rejected)
            .OrderBy(p => p.Name).Take(300).Select(p => new ResourceChoice("Place-" + p.Id, p.Name)).ToListAsync(ct);
        var salons = await db.Set<Salon>().AsNoTracking().Where(s => subtree.Contains(s.AreaId))
            .OrderBy(s => s.Name).Take(300).Select(s => new ResourceChoice("Salon-" + s.Id, s.Name)).ToListAsync(ct);
        var opportunities = await db.Set<Opportunity>().AsNoTracking().Where(o => subtree.Contains(o.AreaId))
            .OrderBy(o => o.Title).Take(300).Select(o => new ResourceChoice("Opportunity-" + o.Id, o.Title)).ToListAsync(ct);
        return new AgendaDetailsViewModel(detail!, item.Version, issues, places, salons, opportunities, findings,
            JapanTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    internal static DateOnly? Month(string? text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;
}

public sealed record IssueFilter(int? CategoryId, string? From, string? To);

public sealed record AgendaIssueChoice(Guid Id, string Category, string AreaName, DateOnly Month, string Summary);

public sealed record ResourceChoice(string Value, string Name);

public sealed record AgendaFormViewModel(
    AgendaItemForm Form, IReadOnlyList<AreaListItem> Areas, IReadOnlyList<IssueCategory> Categories, IssueFilter Filter,
    IReadOnlyList<AgendaIssueChoice> Issues, IReadOnlyList<PersonalDataFinding> Findings, int Limit);

public sealed record AgendaDetailsViewModel(
    AgendaDetail Item, uint Version, IReadOnlyList<AgendaIssueChoice> Issues,
    IReadOnlyList<ResourceChoice> Places, IReadOnlyList<ResourceChoice> Salons, IReadOnlyList<ResourceChoice> Opportunities,
    IReadOnlyList<PersonalDataFinding> Findings, string Today);
