using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>
/// <c>/map</c> — the public 支え合いマップ: approved points at public precision (a list that works without JavaScript,
/// Leaflet on top) and the entry form (area choice and address for people who cannot use a map).
/// </summary>
[Route("map")]
[AutoValidateAntiforgeryToken]
public sealed class MapController(
    TsunagariDbContext db,
    AreaTree areas,
    SubmissionFormToken tokens,
    IOptions<MapOptions> map,
    IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? page, CancellationToken ct)
    {
        if (page is < 1)
        {
            return NotFound();
        }

        var model = await BuildAsync(new MapSubmissionForm(), ct, page ?? 1);
        return model.Page > model.PageCount ? NotFound() : View("Map", model);
    }

    [HttpPost("")]
    [EnableRateLimiting(SupportMapSetup.SubmissionRateLimit)]
    public async Task<IActionResult> Submit(MapSubmissionForm form, string? website, string? formToken, [FromServices] SubmitToMap submit, CancellationToken ct)
    {
        var check = tokens.Check(formToken);
        if (check is SubmissionFormToken.Outcome.Expired)
        {
            ModelState.AddModelError("", l["入力の時間が長くなったため、送れませんでした。お手数ですが、もう一度送ってください。"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Map", await BuildAsync(form, ct));
        }

        if (check is SubmissionFormToken.Outcome.TooFast)
        {
            ModelState.AddModelError("", l["送るのが早すぎました。内容を確かめて、もう一度「送る」を押してください。"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Map", await BuildAsync(form, ct));
        }

        // The honeypot: people never see the field; a bot that fills it gets the thank-you page and nothing is stored.
        if (!string.IsNullOrEmpty(website))
        {
            return RedirectToAction(nameof(Thanks));
        }

        var nonce = ((SubmissionFormToken.Outcome.Valid)check).Nonce;
        var result = await submit.HandleAsync(form, SubmissionSource.Web, User, "form:" + nonce, ct, ModelState.IsValid);
        if (result is SubmitToMap.Result.Accepted)
        {
            return RedirectToAction(nameof(Thanks), new { kind = form.Kind.ToString()!.ToLowerInvariant() });
        }

        foreach (var (field, message) in ((SubmitToMap.Result.Invalid)result).Errors)
        {
            if (ModelState[field] is not { Errors.Count: > 0 })
            {
                ModelState.AddModelError(field, l[message]);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Map", await BuildAsync(form, ct));
    }

    [HttpGet("thanks")]
    public IActionResult Thanks(string? kind) => View("MapThanks", kind == "concern");

    private async Task<MapPageViewModel> BuildAsync(MapSubmissionForm form, CancellationToken ct, int page = 1)
    {
        var allAreas = await areas.AllInTreeOrderAsync(ct);
        var names = allAreas.ToDictionary(a => a.Id, a => a.Name);
        var total = await db.Set<MapPoint>().CountAsync(ct);
        var points = await db.Set<MapPoint>().AsNoTracking()
            .OrderBy(p => p.AreaId).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((page - 1) * MapPageViewModel.PageSize).Take(MapPageViewModel.PageSize)
            .Select(p => new { p.Id, p.Kind, p.Name, p.Description, p.Latitude, p.Longitude, p.Precision, p.AreaId })
            .ToListAsync(ct);
        var items = points
            .Select(p => new MapPointItem(p.Id, p.Kind, p.Name, p.Description, p.Latitude, p.Longitude, p.Precision, names.GetValueOrDefault(p.AreaId, "")))
            .ToList();
        // Areas for the form: within AreaChoices.Budget (a 市 of 2,000 町丁目 offers its 圏域 and 小学校区; the address says the rest).
        var choices = AreaChoices.ForFilter(allAreas, int.MaxValue, form.AreaId).Where(a => a.Depth >= 1).ToList();
        return new MapPageViewModel(items, choices, form, tokens.Create(), map.Value.TileUrl, map.Value.TileAttribution)
        {
            Total = total,
            Page = page,
        };
    }
}

public sealed record MapPointItem(Guid Id, SubmissionKind Kind, string Name, string? Description, double Latitude, double Longitude, PointPrecision Precision, string AreaName)
{
    public string LatitudeText => Latitude.ToString("0.######", CultureInfo.InvariantCulture);

    public string LongitudeText => Longitude.ToString("0.######", CultureInfo.InvariantCulture);
}

public sealed record MapPageViewModel(
    IReadOnlyList<MapPointItem> Points, IReadOnlyList<AreaListItem> Areas, MapSubmissionForm Form, string FormToken, string TileUrl, string TileAttribution)
{
    /// <summary>Points per page of the list: a 市 has tens of thousands, and the page must stay light for a phone.</summary>
    public const int PageSize = 50;

    /// <summary>Every public point, on all pages.</summary>
    public int Total { get; init; }

    /// <summary>The page of the list, from 1.</summary>
    public int Page { get; init; } = 1;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public static string PageLink(int page) => page <= 1 ? "/map" : "/map?page=" + page.ToString(CultureInfo.InvariantCulture) + "#points-heading";
}
