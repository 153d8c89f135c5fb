using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Places;

/// <summary>Public 居場所 search and detail, the resident suggestion form, and the organizer's "still accurate" link.</summary>
[Route("places")]
[AutoValidateAntiforgeryToken]
public sealed class PlacesController(
    PublicPlaces places,
    AreaTree areas,
    TsunagariDbContext db,
    IOptions<MapOptions> map,
    IStringLocalizer<SharedResource> l) : Controller
{
    /// <summary>Areas deeper than this are left out of the area list (町丁目 would make it long); the filter still takes them.</summary>
    private const int AreaChoiceDepth = 3;

    [HttpGet("")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PlacesSetup.CacheTag, PublicPageCache.Tags.Areas])]
    public async Task<IActionResult> Index([FromQuery] PlaceSearch search, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            search = new PlaceSearch();
        }

        var query = await places.SearchAsync(search, ct);
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PublicPlaces.PageSize - 1) / PublicPlaces.PageSize);
        var page = Math.Min(search.Page, pageCount);
        var results = await query.Skip((page - 1) * PublicPlaces.PageSize).Take(PublicPlaces.PageSize).ToListAsync(ct);
        var allAreas = await areas.AllInTreeOrderAsync(ct);
        var choices = AreaChoices.ForFilter(allAreas, AreaChoiceDepth, search.Area);
        return View(new PlacesIndexViewModel(search, results, total, page, pageCount, choices, await CategoriesAsync(ct), map.Value));
    }

    [HttpGet("{id:int}")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PlacesSetup.CacheTag])]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var place = await places.FindAsync(id, ct);
        return place is null ? NotFound() : View(new PlaceDetailsViewModel(place, map.Value));
    }

    [HttpGet("{id:int}/photo.jpg")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PlacesSetup.CacheTag])]
    public async Task<IActionResult> Photo(int id, CancellationToken ct)
    {
        var photo = await places.PhotoAsync(id, ct);
        return photo is null ? NotFound() : File(photo.Jpeg, "image/jpeg");
    }

    [HttpGet("suggest")]
    public async Task<IActionResult> Suggest(CancellationToken ct) =>
        View(await SuggestModelAsync(new SuggestPlaceForm { SubmissionKey = Guid.NewGuid() }, ct));

    [HttpPost("suggest")]
    [EnableRateLimiting(PlacesSetup.SuggestionLimit)]
    public async Task<IActionResult> Suggest(SuggestPlaceForm form, [FromServices] SuggestPlace suggest, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await suggest.HandleAsync(User, form, ct);
            if (outcome == SuggestPlace.Outcome.Received)
            {
                return RedirectToAction(nameof(Suggested));
            }

            ModelState.AddModelError(outcome == SuggestPlace.Outcome.UnknownArea ? nameof(form.AreaId) : nameof(form.CategoryCode),
                l["一覧から選んでください。"]);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(await SuggestModelAsync(form, ct));
    }

    [HttpGet("suggest/thanks")]
    public IActionResult Suggested() => View();

    [HttpGet("confirm")]
    public async Task<IActionResult> Confirm(string? token, [FromServices] ConfirmPlace confirm, CancellationToken ct)
    {
        var place = await confirm.ReadAsync(token, ct);
        if (place is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("LinkInvalid");
        }

        return View(new ConfirmPlaceViewModel(token!, place.Name, place.Id));
    }

    [HttpPost("confirm")]
    public async Task<IActionResult> ConfirmPost([FromForm] string? token, [FromServices] ConfirmPlace confirm, CancellationToken ct)
    {
        var place = await confirm.HandleAsync(token, ct);
        if (place is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("LinkInvalid");
        }

        return View("Confirmed", new ConfirmPlaceViewModel("", place.Name, place.Id));
    }

    private Task<List<PlaceCategory>> CategoriesAsync(CancellationToken ct) =>
        db.Set<PlaceCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(ct);

    private async Task<SuggestPlaceViewModel> SuggestModelAsync(SuggestPlaceForm form, CancellationToken ct) =>
        new(form, AreaChoices.ForFilter(await areas.AllInTreeOrderAsync(ct), AreaChoiceDepth, form.AreaId), await CategoriesAsync(ct));
}

public sealed record PlacesIndexViewModel(
    PlaceSearch Search, IReadOnlyList<PublicPlace> Results, int Total, int Page, int PageCount,
    IReadOnlyList<AreaListItem> Areas, IReadOnlyList<PlaceCategory> Categories, MapOptions Map)
{
    /// <summary>The query string of this search with another page number (the other filters kept).</summary>
    public string PageLink(int page)
    {
        var pairs = new List<KeyValuePair<string, string?>>
        {
            new("q", Search.Q), new("area", Search.Area?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("category", Search.Category), new("for", Search.For),
            new("day", Search.Day?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("free", Search.Free == true ? "true" : null),
            new("lat", Search.Lat?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("lng", Search.Lng?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        return "/places" + Microsoft.AspNetCore.Http.QueryString.Create(pairs.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}

public sealed record PlaceDetailsViewModel(PublicPlace Place, MapOptions Map);

public sealed record SuggestPlaceViewModel(SuggestPlaceForm Form, IReadOnlyList<AreaListItem> Areas, IReadOnlyList<PlaceCategory> Categories);

public sealed record ConfirmPlaceViewModel(string Token, string PlaceName, int PlaceId);
