using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// The ONE door from the places table to the public: the pages, the map, the open data and the API all read through
/// here. Only published, public (not 非公開) places pass, and reduced-precision places leave with their coordinates
/// on a ~500 m grid and without 番地, directions or location words. Nothing public queries <see cref="Place"/> itself.
/// </summary>
public sealed class PublicPlaces(TsunagariDbContext db)
{
    /// <summary>Grid of reduced precision in degrees: 1/200° ≈ 560 m north–south, ≈ 450 m east–west in Japan.</summary>
    public const double ReducedGrid = 200.0;

    public const int PageSize = 20;

    public IQueryable<PublicPlace> Query() =>
        db.Set<Place>().AsNoTracking()
            .Where(p => p.Status == PlaceStatus.Published && p.Visibility == PlaceVisibility.Public)
            .Select(p => new PublicPlace
            {
                Id = p.Id,
                Name = p.Name,
                NameKana = p.NameKana,
                Description = p.Description,
                CategoryCode = p.CategoryCode,
                CategoryName = p.Category!.Name,
                Audiences = p.Audiences,
                Weekdays = p.Weekdays,
                ScheduleText = p.ScheduleText,
                IsFree = p.IsFree,
                FeeText = p.FeeText,
                Accessibility = p.Accessibility,
                AccessibilityNote = p.AccessibilityNote,
                ProfessionalPresent = p.ProfessionalPresent,
                WelfareVolunteerPresent = p.WelfareVolunteerPresent,
                HostOrganization = p.HostOrganization,
                ContactPhone = p.ContactPhone,
                ContactEmail = p.ContactEmail,
                ContactNote = p.ContactNote,
                PostalCode = p.Precision == LocationPrecision.Exact ? p.PostalCode : "",
                AddressArea = p.AddressArea,
                AddressDetail = p.Precision == LocationPrecision.Exact ? p.AddressDetail : "",
                Latitude = p.Precision == LocationPrecision.Exact || p.Latitude == null ? p.Latitude : Math.Round(p.Latitude.Value * ReducedGrid) / ReducedGrid,
                Longitude = p.Precision == LocationPrecision.Exact || p.Longitude == null ? p.Longitude : Math.Round(p.Longitude.Value * ReducedGrid) / ReducedGrid,
                IsReducedPrecision = p.Precision == LocationPrecision.Reduced,
                LocationDescription = p.Precision == LocationPrecision.Exact ? p.LocationDescription : "",
                Directions = p.Precision == LocationPrecision.Exact ? p.Directions : "",
                AreaId = p.AreaId,
                AreaName = p.Area!.Name,
                AreaPath = p.Area.Path,
                SearchText = p.SearchText,
                LastConfirmedAt = p.LastConfirmedAt,
                UpdatedAt = p.UpdatedAt,
                // A photo of a private home could give its place away: reduced-precision places show none.
                HasPhoto = p.Precision == LocationPrecision.Exact && db.Set<PlacePhoto>().Any(ph => ph.PlaceId == p.Id),
                PhotoAlt = p.Precision == LocationPrecision.Exact ? db.Set<PlacePhoto>().Where(ph => ph.PlaceId == p.Id).Select(ph => ph.AltText).FirstOrDefault() ?? "" : "",
            });

    /// <summary>The photo of a public place, or null (no photo, not public, or reduced precision).</summary>
    public async Task<PlacePhoto?> PhotoAsync(int id, CancellationToken ct) =>
        await Query().AnyAsync(p => p.Id == id && p.HasPhoto, ct)
            ? await db.Set<PlacePhoto>().AsNoTracking().SingleOrDefaultAsync(ph => ph.PlaceId == id, ct)
            : null;

    public Task<PublicPlace?> FindAsync(int id, CancellationToken ct) =>
        Query().Where(p => p.Id == id).SingleOrDefaultAsync(ct);

    /// <summary>The filters of <c>/places</c> and <c>GET /api/v1/places</c>.</summary>
    public async Task<IQueryable<PublicPlace>> SearchAsync(PlaceSearch search, CancellationToken ct)
    {
        var query = Query();
        var text = SearchText.Normalize(search.Q);
        if (text.Length > 0)
        {
            var pattern = SearchText.ContainsPattern(text);
            query = query.Where(p => EF.Functions.ILike(p.SearchText, pattern, "\\"));
        }

        if (search.Area is int areaId)
        {
            var path = await db.Areas.Where(a => a.Id == areaId).Select(a => a.Path).SingleOrDefaultAsync(ct);
            if (path is null)
            {
                return query.Where(_ => false);
            }

            var below = path + ".";
            query = query.Where(p => p.AreaPath == path || p.AreaPath.StartsWith(below));
        }

        if (!string.IsNullOrEmpty(search.Category))
        {
            query = query.Where(p => p.CategoryCode == search.Category);
        }

        if (!string.IsNullOrEmpty(search.For))
        {
            query = query.Where(p => p.Audiences.Contains(search.For));
        }

        if (search.Day is int day)
        {
            query = query.Where(p => p.Weekdays.Contains(day));
        }

        if (search.Free == true)
        {
            query = query.Where(p => p.IsFree);
        }

        if (search.Lat is double lat && search.Lng is double lng)
        {
            // Equirectangular distance is plenty for "which is nearer" inside one municipality.
            var scale = Math.Cos(lat * Math.PI / 180);
            return query.OrderBy(p => p.Latitude == null)
                .ThenBy(p => ((p.Latitude - lat) * (p.Latitude - lat)) + ((p.Longitude - lng) * scale * (p.Longitude - lng) * scale))
                .ThenBy(p => p.Id);
        }

        return query.OrderBy(p => p.NameKana == "" ? p.Name : p.NameKana).ThenBy(p => p.Id);
    }
}

/// <summary>A place as the public may see it (already filtered and with precision applied).</summary>
public sealed class PublicPlace
{
    public int Id { get; init; }

    public string Name { get; init; } = "";

    public string NameKana { get; init; } = "";

    public string Description { get; init; } = "";

    public string CategoryCode { get; init; } = "";

    public string CategoryName { get; init; } = "";

    public string[] Audiences { get; init; } = [];

    public int[] Weekdays { get; init; } = [];

    public string ScheduleText { get; init; } = "";

    public bool IsFree { get; init; }

    public string FeeText { get; init; } = "";

    public string[] Accessibility { get; init; } = [];

    public string AccessibilityNote { get; init; } = "";

    public bool ProfessionalPresent { get; init; }

    public bool WelfareVolunteerPresent { get; init; }

    public string HostOrganization { get; init; } = "";

    public string ContactPhone { get; init; } = "";

    public string ContactEmail { get; init; } = "";

    public string ContactNote { get; init; } = "";

    public string PostalCode { get; init; } = "";

    public string AddressArea { get; init; } = "";

    public string AddressDetail { get; init; } = "";

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public bool IsReducedPrecision { get; init; }

    public string LocationDescription { get; init; } = "";

    public string Directions { get; init; } = "";

    public int AreaId { get; init; }

    public string AreaName { get; init; } = "";

    public string AreaPath { get; init; } = "";

    public string SearchText { get; init; } = "";

    public DateTimeOffset LastConfirmedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool HasPhoto { get; init; }

    public string PhotoAlt { get; init; } = "";

    public string Address => AddressArea + AddressDetail;
}

/// <summary>Query string of <c>/places</c> (contract: q, area, category, for, day, free) plus "near me".</summary>
public sealed class PlaceSearch
{
    [System.ComponentModel.DataAnnotations.StringLength(100)]
    public string? Q { get; set; }

    public int? Area { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(40)]
    public string? Category { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(40)]
    public string? For { get; set; }

    [System.ComponentModel.DataAnnotations.Range(0, 6)]
    public int? Day { get; set; }

    public bool? Free { get; set; }

    [System.ComponentModel.DataAnnotations.Range(-90.0, 90.0)]
    public double? Lat { get; set; }

    [System.ComponentModel.DataAnnotations.Range(-180.0, 180.0)]
    public double? Lng { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int Page { get; set; } = 1;
}
