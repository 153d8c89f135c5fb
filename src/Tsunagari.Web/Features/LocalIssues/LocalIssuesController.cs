using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.LocalIssues;

/// <summary>
/// <c>/staff/issues</c> — coordinators write anonymized 地域課題 from raw entries (shown with their personal data
/// highlighted) or standalone; the detector refuses summaries that still hold personal data, and similar issues in the
/// same area are suggested while writing.
/// </summary>
[Route("staff/issues")]
[Authorize(Policy = Policies.Staff)]
[AutoValidateAntiforgeryToken]
public sealed class LocalIssuesController(
    TsunagariDbContext db,
    SupportMapAreas scope,
    AreaAccess access,
    AreaTree areas,
    AuditLog audit,
    SimilarIssues similar,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(IssueStatus? status = null, int? categoryId = null, int page = 1, CancellationToken ct = default)
    {
        var ids = await scope.ScopeAsync(User, Permission.ProcessSubmissions, ct);
        if (ids.Length == 0)
        {
            return Forbid();
        }

        page = Math.Max(1, page);
        var query = db.Set<LocalIssue>().AsNoTracking().Where(i => ids.Contains(i.AreaId));
        if (status is not null)
        {
            query = query.Where(i => i.Status == status);
        }

        if (categoryId is not null)
        {
            query = query.Where(i => i.CategoryId == categoryId);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(i => i.Month).ThenByDescending(i => i.CreatedAt)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Join(db.Set<IssueCategory>(), i => i.CategoryId, c => c.Id, (i, c) => new { i, c.Name })
            .Join(db.Areas, x => x.i.AreaId, a => a.Id, (x, a) => new IssueListItem(x.i.Id, x.Name, x.i.Field, a.Name, x.i.Month, x.i.Summary, x.i.Status))
            .ToListAsync(ct);
        var categories = await Categories(ct);
        return View(new IssueListViewModel(rows, categories, status, categoryId, page, Math.Max(1, (total + PageSize - 1) / PageSize), total));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New([FromQuery(Name = "from")] List<Guid> from, CancellationToken ct)
    {
        var form = new LocalIssueForm { FormKey = Guid.NewGuid(), SubmissionIds = from.Distinct().Take(20).ToList() };
        var model = await BuildAsync(form, [], checkSimilar: false, ct);
        if (model is null)
        {
            return NotFound();
        }

        if (model.Sources.Count > 0)
        {
            var first = model.Sources[0];
            form.AreaId = first.AreaId;
            form.Month = JapanTime.ToJapan(first.SubmittedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        else
        {
            form.Month = JapanTime.Today(clock).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }

        return View(model);
    }

    [HttpPost("new")]
    public async Task<IActionResult> New(LocalIssueForm form, string? intent, [FromServices] CreateLocalIssue create, CancellationToken ct)
    {
        IReadOnlyList<PersonalDataFinding> findings = [];
        if (ModelState.IsValid && intent != "check")
        {
            var result = await create.HandleAsync(User, form, ct);
            switch (result)
            {
                case CreateLocalIssue.Result.Created created:
                    TempData["Message"] = l["地域課題を保存しました。"].Value;
                    return RedirectToAction(nameof(Details), new { id = created.Id });
                case CreateLocalIssue.Result.OutOfScope:
                    return NotFound();
                case CreateLocalIssue.Result.Invalid invalid:
                    ModelState.AddModelError(invalid.Field, l[invalid.Message]);
                    break;
                case CreateLocalIssue.Result.HasPersonalData pd:
                    findings = pd.Findings;
                    ModelState.AddModelError(nameof(form.Summary), l["まとめに、個人が特定できる情報が{0}か所あります。色のついた部分を書きかえてください（例：「田中さん」→「近所の高齢の方」、電話番号や番地は消す）。", pd.Findings.Count]);
                    break;
            }
        }
        else if (intent == "check")
        {
            findings = PersonalDataDetector.Find(form.Summary);
            ModelState.Clear();
            if (findings.Count > 0)
            {
                ModelState.AddModelError(nameof(form.Summary), l["まとめに、個人が特定できる情報が{0}か所あります。色のついた部分を書きかえてください（例：「田中さん」→「近所の高齢の方」、電話番号や番地は消す）。", findings.Count]);
            }
        }

        var model = await BuildAsync(form, findings, checkSimilar: true, ct);
        if (model is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View(model);
    }

    /// <summary>Suggestions while writing: server-rendered list, fetched by issues.js or shown after "確かめる".</summary>
    [HttpGet("similar")]
    public async Task<IActionResult> Similar(int? areaId, int? categoryId, string? text, CancellationToken ct)
    {
        if (areaId is not int id || !await access.CanAsync(User, Permission.ProcessSubmissions, id, ct))
        {
            return NotFound();
        }

        return PartialView("_SimilarIssues", await similar.FindAsync(id, categoryId, text?.Length > IssueLimits.Summary ? text[..IssueLimits.Summary] : text, ct));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, CancellationToken ct)
    {
        var issue = await db.Set<LocalIssue>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null || !await access.CanAsync(User, Permission.ProcessSubmissions, issue.AreaId, ct))
        {
            return NotFound();
        }

        var category = await db.Set<IssueCategory>().Where(c => c.Id == issue.CategoryId).Select(c => c.Name).SingleAsync(ct);
        var area = await db.Areas.Where(a => a.Id == issue.AreaId).Select(a => a.Name + "（" + a.Level + "）").SingleAsync(ct);
        var sources = await db.Set<LocalIssueSource>().Where(s => s.LocalIssueId == id).Select(s => s.SubmissionId).ToListAsync(ct);
        return View(new IssueDetailsViewModel(issue, category, area, sources));
    }

    [HttpPost("{id:guid}/status")]
    public async Task<IActionResult> Status(Guid id, IssueStatus status, CancellationToken ct)
    {
        var issue = await db.Set<LocalIssue>().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null || !await access.CanAsync(User, Permission.ProcessSubmissions, issue.AreaId, ct))
        {
            return NotFound();
        }

        if (!Enum.IsDefined(status))
        {
            return BadRequest();
        }

        issue.Status = status;
        issue.UpdatedAt = clock.GetUtcNow();
        audit.Add(User, AuditActions.IssueUpdated, "local_issue", issue.Id.ToString(), issue.AreaId, $"status={status}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = l["状態を変えました。"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    private async Task<IssueFormViewModel?> BuildAsync(LocalIssueForm form, IReadOnlyList<PersonalDataFinding> findings, bool checkSimilar, CancellationToken ct)
    {
        var ids = await scope.ScopeAsync(User, Permission.ProcessSubmissions, ct);
        if (ids.Length == 0)
        {
            return null;
        }

        var rows = await db.Set<MapSubmission>().AsNoTracking().Where(s => form.SubmissionIds.Contains(s.Id)).ToListAsync(ct);
        if (rows.Count != form.SubmissionIds.Distinct().Count() || rows.Any(r => !ids.Contains(r.AreaId)))
        {
            return null;
        }

        // The raw text is shown beside the form: that is a read of the raw entry.
        if (rows.Count > 0)
        {
            await audit.RecordReadsAsync(User, "submission", rows.Select(r => (r.Id.ToString(), (int?)r.AreaId)), "issue form", ct);
        }

        var sources = rows.Select(r => new IssueSourceItem(r.Id, r.Kind, r.AreaId, r.SubmittedAt, r.Text, PersonalDataDetector.Find(r.Text))).ToList();
        var inScope = (await areas.AllInTreeOrderAsync(ct)).Where(a => ids.Contains(a.Id)).ToList();
        var suggestions = checkSimilar && form.AreaId is int areaId && ids.Contains(areaId)
            ? await similar.FindAsync(areaId, form.CategoryId, form.Summary, ct)
            : [];
        return new IssueFormViewModel(form, sources, inScope, await Categories(ct), findings, suggestions);
    }

    private Task<List<IssueCategory>> Categories(CancellationToken ct) =>
        db.Set<IssueCategory>().AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToListAsync(ct);
}

public sealed record IssueListItem(Guid Id, string Category, IssueField Field, string AreaName, DateOnly Month, string Summary, IssueStatus Status);

public sealed record IssueListViewModel(
    IReadOnlyList<IssueListItem> Rows, IReadOnlyList<IssueCategory> Categories, IssueStatus? Status, int? CategoryId, int Page, int PageCount, int Total);

public sealed record IssueSourceItem(Guid Id, SubmissionKind Kind, int AreaId, DateTimeOffset SubmittedAt, string? Text, IReadOnlyList<PersonalDataFinding> Findings);

public sealed record IssueFormViewModel(
    LocalIssueForm Form, IReadOnlyList<IssueSourceItem> Sources, IReadOnlyList<AreaListItem> Areas, IReadOnlyList<IssueCategory> Categories,
    IReadOnlyList<PersonalDataFinding> Findings, IReadOnlyList<SimilarIssue> Similar);

public sealed record IssueDetailsViewModel(LocalIssue Issue, string Category, string Area, IReadOnlyList<Guid> SourceIds);
