using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>
/// <c>/staff/submissions</c> — the coordinator's inbox of raw entries in their areas, one entry with its personal data
/// highlighted (each view audited), approval as a public point, rejection, and typing in phone/paper/meeting notes.
/// </summary>
[Route("staff/submissions")]
[Authorize(Policy = Policies.Staff)]
[AutoValidateAntiforgeryToken]
public sealed class SubmissionsController(
    TsunagariDbContext db,
    SupportMapAreas scope,
    AreaAccess access,
    AreaTree areas,
    AuditLog audit,
    VenuePlaces places,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(SubmissionStatus? status = SubmissionStatus.New, SubmissionKind? kind = null, int page = 1, CancellationToken ct = default)
    {
        var ids = await scope.ScopeAsync(User, Permission.ProcessSubmissions, ct);
        if (ids.Length == 0)
        {
            return Forbid();
        }

        page = Math.Max(1, page);
        var query = db.Set<MapSubmission>().AsNoTracking().Where(s => ids.Contains(s.AreaId));
        if (status is not null)
        {
            query = query.Where(s => s.Status == status);
        }

        if (kind is not null)
        {
            query = query.Where(s => s.Kind == kind);
        }

        var total = await query.CountAsync(ct);
        // The inbox shows no raw text: opening one entry is the audited read.
        var rows = await query.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Join(db.Areas, s => s.AreaId, a => a.Id, (s, a) => new SubmissionListItem(s.Id, s.Kind, s.Source, s.Status, a.Name, s.SubmittedAt, s.PurgedAt != null))
            .ToListAsync(ct);
        return View("Inbox", new SubmissionInboxViewModel(rows, status, kind, page, Math.Max(1, (total + PageSize - 1) / PageSize), total));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, CancellationToken ct)
    {
        var model = await LoadAsync(id, new ApproveForm(), ct);
        return model is null ? NotFound() : View("Submission", model);
    }

    [HttpPost("{id:guid}/approve")]
    public async Task<IActionResult> Approve(Guid id, ApproveForm form, [FromServices] ModerateSubmission moderate, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await moderate.ApproveAsync(User, id, form, ct);
            switch (result)
            {
                case ModerateSubmission.Result.Done:
                    TempData["Message"] = l["地図に公開しました。"].Value;
                    return RedirectToAction(nameof(Index));
                case ModerateSubmission.Result.NotFound:
                    return NotFound();
                case ModerateSubmission.Result.AlreadyProcessed:
                    TempData["Message"] = l["この投稿は、すでにほかの方が対応しました。"].Value;
                    return RedirectToAction(nameof(Details), new { id });
                case ModerateSubmission.Result.ConcernIsNeverPublic:
                    ModelState.AddModelError("", l["「気がかり」は公開できません。地域課題にまとめてください。"]);
                    break;
                case ModerateSubmission.Result.OutOfBounds:
                    ModelState.AddModelError(nameof(form.Latitude), l["その位置は対象の地域の外です。"]);
                    break;
                case ModerateSubmission.Result.HasPersonalData pd:
                    if (pd.InName.Count > 0)
                    {
                        ModelState.AddModelError(nameof(form.Name), l["名前に個人を特定できる情報があります：{0}", string.Join("、", pd.InName.Select(f => f.Text))]);
                    }

                    if (pd.InDescription.Count > 0)
                    {
                        ModelState.AddModelError(nameof(form.Description), l["説明に個人を特定できる情報があります：{0}", string.Join("、", pd.InDescription.Select(f => f.Text))]);
                    }

                    break;
            }
        }

        var model = await LoadAsync(id, form, ct);
        if (model is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Submission", model);
    }

    [HttpPost("{id:guid}/reject")]
    public async Task<IActionResult> Reject(Guid id, [FromServices] ModerateSubmission moderate, CancellationToken ct)
    {
        switch (await moderate.RejectAsync(User, id, ct))
        {
            case ModerateSubmission.Result.NotFound:
                return NotFound();
            case ModerateSubmission.Result.AlreadyProcessed:
                TempData["Message"] = l["この投稿は、すでにほかの方が対応しました。"].Value;
                return RedirectToAction(nameof(Details), new { id });
            default:
                TempData["Message"] = l["投稿を公開しないことにしました。"].Value;
                return RedirectToAction(nameof(Index));
        }
    }

    /// <summary>「既存の居場所と同じ」: closes a 助け合いの資源 / 集いの場 entry as a place already listed.</summary>
    [HttpPost("{id:guid}/merge")]
    public async Task<IActionResult> Merge(Guid id, int? placeId, [FromServices] ModerateSubmission moderate, CancellationToken ct)
    {
        if (placeId is int chosen)
        {
            switch (await moderate.MergeAsync(User, id, chosen, ct))
            {
                case ModerateSubmission.Result.Done:
                    TempData["Message"] = l["既存の居場所と同じものとして、対応済みにしました。"].Value;
                    return RedirectToAction(nameof(Index));
                case ModerateSubmission.Result.NotFound:
                    return NotFound();
                case ModerateSubmission.Result.AlreadyProcessed:
                    TempData["Message"] = l["この投稿は、すでにほかの方が対応しました。"].Value;
                    return RedirectToAction(nameof(Details), new { id });
                case ModerateSubmission.Result.ConcernIsNeverPublic:
                    ModelState.AddModelError("PlaceId", l["「気がかり」は居場所とまとめられません。地域課題にまとめてください。"]);
                    break;
                case ModerateSubmission.Result.PlaceRefused refused:
                    ModelState.AddModelError("PlaceId", refused.Message);
                    break;
            }
        }
        else
        {
            ModelState.AddModelError("PlaceId", l["同じものにする居場所を選んでください。"]);
        }

        var model = await LoadAsync(id, new ApproveForm(), ct);
        if (model is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Submission", model);
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct)
    {
        var form = new EnterNotesForm { BatchKey = Guid.NewGuid(), ReceivedOn = JapanTime.Today(clock) };
        var model = await BuildNotesAsync(form, ct);
        return model is null ? Forbid() : View("EnterNotes", model);
    }

    [HttpPost("new")]
    public async Task<IActionResult> New(EnterNotesForm form, [FromServices] EnterNotes enter, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await enter.HandleAsync(User, form, ct);
            if (result is EnterNotes.Result.Saved saved)
            {
                TempData["Message"] = saved.Count == 0 ? l["この用紙は、すでに保存されています。"].Value : l["{0}件を保存しました。", saved.Count].Value;
                return RedirectToAction(nameof(Index));
            }

            foreach (var (field, message) in ((EnterNotes.Result.Invalid)result).Errors)
            {
                ModelState.AddModelError(field, l[message]);
            }
        }

        var model = await BuildNotesAsync(form, ct);
        if (model is null)
        {
            return Forbid();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("EnterNotes", model);
    }

    private async Task<EnterNotesViewModel?> BuildNotesAsync(EnterNotesForm form, CancellationToken ct)
    {
        var ids = await scope.ScopeAsync(User, Permission.ProcessSubmissions, ct);
        if (ids.Length == 0)
        {
            return null;
        }

        while (form.Rows.Count < EnterNotesForm.RowCount)
        {
            form.Rows.Add(new NoteRow());
        }

        var inScope = (await areas.AllInTreeOrderAsync(ct)).Where(a => ids.Contains(a.Id)).ToList();
        return new EnterNotesViewModel(form, inScope);
    }

    private async Task<SubmissionDetailsViewModel?> LoadAsync(Guid id, ApproveForm form, CancellationToken ct)
    {
        var submission = await db.Set<MapSubmission>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null || !await access.CanAsync(User, Permission.ProcessSubmissions, submission.AreaId, ct))
        {
            return null;
        }

        // Written before the page is rendered: a read that is shown is a read that is logged.
        await audit.RecordReadsAsync(User, "submission", [(submission.Id.ToString(), submission.AreaId)], "staff page", ct);
        var area = await db.Areas.AsNoTracking().Where(a => a.Id == submission.AreaId).Select(a => a.Name).SingleAsync(ct);
        var issues = await db.Set<LocalIssues.LocalIssueSource>().AsNoTracking().Where(s => s.SubmissionId == id).Select(s => s.LocalIssueId).ToListAsync(ct);
        if (form.Latitude is null && submission.Latitude is not null)
        {
            form.Latitude = submission.Latitude;
            form.Longitude = submission.Longitude;
        }

        var mergeChoices = submission.Kind == SubmissionKind.Concern || submission.Status != SubmissionStatus.New
            ? []
            : await places.OptionsAsync(await areas.SubtreeIdsAsync(submission.AreaId, ct), ct);
        var mergedInto = submission.MergedPlaceId is int placeId
            ? await db.Set<Places.Place>().AsNoTracking().Where(p => p.Id == placeId).Select(p => p.Name).SingleOrDefaultAsync(ct)
            : null;
        return new SubmissionDetailsViewModel(submission, area, PersonalDataDetector.Find(submission.Text), form, issues)
        {
            MergeChoices = mergeChoices,
            MergedPlaceName = mergedInto,
        };
    }
}

public sealed record SubmissionListItem(Guid Id, SubmissionKind Kind, SubmissionSource Source, SubmissionStatus Status, string AreaName, DateTimeOffset SubmittedAt, bool Purged);

public sealed record SubmissionInboxViewModel(
    IReadOnlyList<SubmissionListItem> Rows, SubmissionStatus? Status, SubmissionKind? Kind, int Page, int PageCount, int Total);

public sealed record SubmissionDetailsViewModel(
    MapSubmission Submission, string AreaName, IReadOnlyList<PersonalDataFinding> Findings, ApproveForm Approve, IReadOnlyList<Guid> IssueIds)
{
    /// <summary>Published places of the entry's area subtree it may be merged with (none for a 気がかり or a closed entry).</summary>
    public IReadOnlyList<VenuePlaceOption> MergeChoices { get; init; } = [];

    /// <summary>The name of the place a merged entry was found to be.</summary>
    public string? MergedPlaceName { get; init; }
}

public sealed record EnterNotesViewModel(EnterNotesForm Form, IReadOnlyList<AreaListItem> Areas);
