using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// Organizers keep their listings; coordinators of the area approve, reject with a reason, or edit any listing there
/// and see the ones nobody confirmed for a long time. Every change lands in the place's history.
/// </summary>
[Route("staff/places")]
[Authorize(Policy = Policies.Staff)]
[AutoValidateAntiforgeryToken]
public sealed class StaffPlacesController(
    TsunagariDbContext db,
    UserGrants grants,
    AreaTree areas,
    SavePlace save,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? status, int page = 1, CancellationToken ct = default)
    {
        var moderatorScopes = await grants.ScopesForAsync(User, Permission.ModerateListings, ct);
        var moderated = new HashSet<int>();
        foreach (var scope in moderatorScopes)
        {
            moderated.UnionWith(await areas.SubtreeIdsAsync(scope.AreaId!.Value, ct));
        }

        var areaIds = moderated.ToArray();
        UserGrants.TryGetUserId(User, out var userId);
        var query = db.Set<Place>().AsNoTracking().Where(p => p.OrganizerId == userId || areaIds.Contains(p.AreaId));
        query = status switch
        {
            "pending" => query.Where(p => p.Status == PlaceStatus.Pending),
            "rejected" => query.Where(p => p.Status == PlaceStatus.Rejected),
            "published" => query.Where(p => p.Status == PlaceStatus.Published),
            "stale" => query.Where(p => p.StaleSince != null && p.Status == PlaceStatus.Published),
            _ => query,
        };
        page = Math.Max(1, page);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(p => p.Status == PlaceStatus.Pending ? 0 : p.StaleSince != null ? 1 : 2).ThenBy(p => p.Area!.Path).ThenBy(p => p.Name)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(p => new StaffPlaceListItem(p.Id, p.Name, p.Category!.Name, p.Area!.Name, p.Status, p.Visibility, p.StaleSince != null, p.LastConfirmedAt, p.Source))
            .ToListAsync(ct);
        return View("StaffIndex", new StaffPlacesViewModel(rows, status, page, Math.Max(1, (total + PageSize - 1) / PageSize), moderatorScopes.Count > 0));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) =>
        View("Edit", await EditModelAsync(new PlaceForm { SubmissionKey = Guid.NewGuid() }, null, ct));

    [HttpPost("")]
    [RequestSizeLimit(PhotoResizer.MaxUploadBytes + (256 * 1024))]
    [RequestFormLimits(MultipartBodyLengthLimit = PhotoResizer.MaxUploadBytes + (256 * 1024))]
    public async Task<IActionResult> Create(PlaceForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", await EditModelAsync(form, null, ct));
        }

        var result = await save.CreateAsync(User, form, ct);
        switch (result.Outcome)
        {
            case SavePlace.Outcome.Saved:
            case SavePlace.Outcome.AlreadySubmitted:
                var published = await db.Set<Place>().Where(p => p.Id == result.PlaceId).Select(p => p.Status).SingleAsync(ct) == PlaceStatus.Published;
                TempData["Message"] = published ? l["居場所を登録し、公開しました。"].Value : l["居場所を受け付けました。地域のコーディネーターが確認してから公開されます。"].Value;
                return Redirect($"/staff/places/{result.PlaceId}/edit");
            default:
                return await FailedAsync(form, null, result.Outcome, ct);
        }
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var place = await db.Set<Place>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (place is null)
        {
            return NotFound();
        }

        if (await save.RightsAsync(User, place, ct) == SavePlace.EditRights.None)
        {
            return Forbid();
        }

        return View("Edit", await EditModelAsync(PlaceForm.From(place), place, ct));
    }

    [HttpPost("{id:int}")]
    [RequestSizeLimit(PhotoResizer.MaxUploadBytes + (256 * 1024))]
    [RequestFormLimits(MultipartBodyLengthLimit = PhotoResizer.MaxUploadBytes + (256 * 1024))]
    public async Task<IActionResult> Update(int id, PlaceForm form, CancellationToken ct)
    {
        var place = await db.Set<Place>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (place is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", await EditModelAsync(form, place, ct));
        }

        var result = await save.UpdateAsync(User, id, form, ct);
        if (result.Outcome == SavePlace.Outcome.Saved)
        {
            TempData["Message"] = l["保存しました。"].Value;
            return Redirect($"/staff/places/{id}/edit");
        }

        return await FailedAsync(form, place, result.Outcome, ct);
    }

    [HttpPost("{id:int}/approve")]
    public async Task<IActionResult> Approve(int id, [FromServices] ModeratePlace moderate, CancellationToken ct) =>
        Decided(id, await moderate.ApproveAsync(User, id, ct), l["公開しました。"]);

    [HttpPost("{id:int}/reject")]
    public async Task<IActionResult> Reject(int id, [FromForm] string? reason, [FromServices] ModeratePlace moderate, CancellationToken ct)
    {
        var outcome = await moderate.RejectAsync(User, id, reason?.Length > 500 ? reason[..500] : reason, ct);
        if (outcome == ModeratePlace.Outcome.ReasonRequired)
        {
            TempData["Error"] = l["見送る理由を書いてください。理由は運営者に伝わります。"].Value;
            return Redirect($"/staff/places/{id}/edit");
        }

        return Decided(id, outcome, l["見送りました。"]);
    }

    [HttpGet("{id:int}/history")]
    public async Task<IActionResult> History(int id, CancellationToken ct)
    {
        var place = await db.Set<Place>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (place is null)
        {
            return NotFound();
        }

        if (await save.RightsAsync(User, place, ct) == SavePlace.EditRights.None)
        {
            return Forbid();
        }

        var entries = await db.Set<PlaceHistoryEntry>().AsNoTracking().Where(h => h.PlaceId == id)
            .OrderByDescending(h => h.At).ThenByDescending(h => h.Id).ToListAsync(ct);
        return View("History", new PlaceHistoryViewModel(id, place.Name, entries));
    }

    private IActionResult Decided(int id, ModeratePlace.Outcome outcome, LocalizedString done)
    {
        switch (outcome)
        {
            case ModeratePlace.Outcome.Done:
                TempData["Message"] = done.Value;
                return Redirect($"/staff/places/{id}/edit");
            case ModeratePlace.Outcome.NotFound:
                return NotFound();
            case ModeratePlace.Outcome.OutOfScope:
                return Forbid();
            default:
                TempData["Error"] = l["この居場所は、すでにほかの人が判断しました。"].Value;
                return Redirect($"/staff/places/{id}/edit");
        }
    }

    private async Task<IActionResult> FailedAsync(PlaceForm form, Place? place, SavePlace.Outcome outcome, CancellationToken ct)
    {
        switch (outcome)
        {
            case SavePlace.Outcome.NotFound:
                return NotFound();
            case SavePlace.Outcome.OutOfScope when place is not null && await save.RightsAsync(User, place, ct) == SavePlace.EditRights.None:
                return Forbid();
            case SavePlace.Outcome.OutOfScope:
                ModelState.AddModelError(nameof(form.AreaId), l["この地域の居場所を登録する権限がありません。"]);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
            case SavePlace.Outcome.UnreadablePhoto:
                ModelState.AddModelError(nameof(form.Photo), l["写真を読み込めませんでした。JPEGかPNGの画像を選んでください。"]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            case SavePlace.Outcome.UnknownCategory:
                ModelState.AddModelError(nameof(form.CategoryCode), l["種類を一覧から選んでください。"]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            default:
                ModelState.AddModelError("", l["ほかの人がこの居場所を先に保存しました。ページを開き直して、もう一度直してください。"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }

        return View("Edit", await EditModelAsync(form, place, ct));
    }

    private async Task<PlaceEditViewModel> EditModelAsync(PlaceForm form, Place? place, CancellationToken ct)
    {
        var scopes = (await grants.ScopesForAsync(User, Permission.ManageOwnListings, ct)).Select(g => g.AreaPath!).ToList();
        var inScope = (await areas.AllInTreeOrderAsync(ct)).Where(a => scopes.Any(s => Area.Covers(s, a.Path))).ToList();
        var categories = await db.Set<PlaceCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);
        var rights = place is null ? SavePlace.EditRights.None : await save.RightsAsync(User, place, ct);
        var canModerateNew = place is null && (await grants.ScopesForAsync(User, Permission.ModerateListings, ct)).Count > 0;
        var photoAlt = place is null ? null : await db.Set<PlacePhoto>().Where(p => p.PlaceId == place.Id).Select(p => p.AltText).SingleOrDefaultAsync(ct);
        return new PlaceEditViewModel(form, place?.Id, place?.Status, place?.RejectionReason, place?.StaleSince is not null,
            place?.LastConfirmedAt, inScope, categories, rights == SavePlace.EditRights.Moderator || canModerateNew, photoAlt);
    }
}

public sealed record StaffPlaceListItem(
    int Id, string Name, string CategoryName, string AreaName, PlaceStatus Status, PlaceVisibility Visibility, bool IsStale,
    DateTimeOffset LastConfirmedAt, string Source);

public sealed record StaffPlacesViewModel(IReadOnlyList<StaffPlaceListItem> Places, string? Status, int Page, int PageCount, bool IsModerator);

public sealed record PlaceEditViewModel(
    PlaceForm Form, int? PlaceId, PlaceStatus? Status, string? RejectionReason, bool IsStale, DateTimeOffset? LastConfirmedAt,
    IReadOnlyList<AreaListItem> Areas, IReadOnlyList<PlaceCategory> Categories, bool IsModerator, string? CurrentPhotoAlt);

public sealed record PlaceHistoryViewModel(int PlaceId, string PlaceName, IReadOnlyList<PlaceHistoryEntry> Entries);
