using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Places;

/// <summary><c>GET /api/v1/places</c> and <c>/api/v1/places/{id}</c> — public fields only, through <see cref="PublicPlaces"/>.</summary>
[ApiController]
[Route("api/v1/places")]
public sealed class PlacesApiController(PublicPlaces places) : ControllerBase
{
    [HttpGet]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PlacesSetup.CacheTag])]
    public async Task<Paged<PlaceResponse>> List([FromQuery] PageQuery paging, [FromQuery] PlaceFilter filter, CancellationToken ct)
    {
        var query = await places.SearchAsync(new PlaceSearch
        {
            Q = filter.Q, Area = filter.Area, Category = filter.Category, For = filter.For, Day = filter.Day, Free = filter.Free,
        }, ct);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<PlaceResponse>(items.Select(PlaceResponse.From).ToList(), paging.Page, paging.PageSize, total);
    }

    [HttpGet("{id:int}")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PlacesSetup.CacheTag])]
    public async Task<ActionResult<PlaceResponse>> Get(int id, CancellationToken ct)
    {
        var place = await places.FindAsync(id, ct);
        return place is null ? Problem(statusCode: StatusCodes.Status404NotFound, title: "Place not found") : PlaceResponse.From(place);
    }
}

/// <summary>Filters of the list (same meaning as on <c>/places</c>).</summary>
public sealed class PlaceFilter
{
    [System.ComponentModel.DataAnnotations.StringLength(100)]
    public string? Q { get; set; }

    public int? Area { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(40)]
    public string? Category { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(40)]
    public string? For { get; set; }

    [System.ComponentModel.DataAnnotations.Range(0, 6, ErrorMessage = "day must be 0 (Sunday) to 6 (Saturday).")]
    public int? Day { get; set; }

    public bool? Free { get; set; }
}

public sealed record PlaceResponse(
    int Id, string Name, string NameKana, string Description, string Category, string CategoryName, int AreaId, string AreaName,
    string[] Audiences, int[] Weekdays, string Schedule, bool Free, string Fee, string[] Accessibility, string AccessibilityNote,
    bool ProfessionalPresent, bool WelfareVolunteerPresent, string HostOrganization, string ContactPhone, string ContactEmail,
    string ContactNote, string PostalCode, string Address, double? Latitude, double? Longitude, string Precision,
    string LocationDescription, string Directions, DateTimeOffset LastConfirmedAt, string? PhotoUrl, string? PhotoAlt)
{
    public static PlaceResponse From(PublicPlace p) => new(
        p.Id, p.Name, p.NameKana, p.Description, p.CategoryCode, p.CategoryName, p.AreaId, p.AreaName, p.Audiences, p.Weekdays,
        p.ScheduleText, p.IsFree, p.FeeText, p.Accessibility, p.AccessibilityNote, p.ProfessionalPresent, p.WelfareVolunteerPresent,
        p.HostOrganization, p.ContactPhone, p.ContactEmail, p.ContactNote, p.PostalCode, p.Address, p.Latitude, p.Longitude,
        p.IsReducedPrecision ? "reduced" : "exact", p.LocationDescription, p.Directions, p.LastConfirmedAt,
        p.HasPhoto ? $"/places/{p.Id}/photo.jpg" : null, p.HasPhoto ? p.PhotoAlt : null);
}
