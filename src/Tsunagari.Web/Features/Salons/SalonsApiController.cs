using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Salons;

/// <summary><c>GET /api/v1/salons</c> and the expanded sessions of one salon: public salons, public fields only.</summary>
[ApiController]
[Route("api/v1/salons")]
public sealed class SalonsApiController(TsunagariDbContext db, SalonCalendar calendar, AreaTree areas, TimeProvider clock) : ControllerBase
{
    /// <summary>The longest range one sessions request may ask for.</summary>
    public const int MaxRangeDays = 366;

    [HttpGet]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag, PublicPageCache.Tags.Areas])]
    public async Task<ActionResult<Paged<SalonResponse>>> List([FromQuery] PageQuery paging, int? area, [FromQuery(Name = "for")] string? forWhom, CancellationToken ct)
    {
        var query = db.Set<Salon>().AsNoTracking().Where(s => s.IsPublic);
        if (area is int areaId)
        {
            var ids = await areas.SubtreeIdsAsync(areaId, ct);
            if (ids.Length == 0)
            {
                return Problem(statusCode: StatusCodes.Status404NotFound, title: "Area not found");
            }

            query = query.Where(s => ids.Contains(s.AreaId));
        }

        if (!string.IsNullOrEmpty(forWhom))
        {
            if (!SalonAudiences.All.Contains(forWhom))
            {
                return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown audience",
                    detail: "for must be one of: " + string.Join(", ", SalonAudiences.All));
            }

            query = query.Where(s => s.ForWhom == forWhom);
        }

        var total = await query.CountAsync(ct);
        var salons = await query.OrderBy(s => s.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize)
            .ToListAsync(ct);
        return new Paged<SalonResponse>(salons.Select(SalonResponse.From).ToList(), paging.Page, paging.PageSize, total);
    }

    [HttpGet("{id:int}")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag])]
    public async Task<ActionResult<SalonResponse>> Get(int id, CancellationToken ct)
    {
        var salon = await calendar.PublicSalonAsync(id, ct);
        return salon is null ? Problem(statusCode: StatusCodes.Status404NotFound, title: "Salon not found") : SalonResponse.From(salon);
    }

    /// <summary>Sessions between <paramref name="from"/> and <paramref name="to"/> (inclusive, yyyy-MM-dd, at most 366 days; default the next 90 days).</summary>
    [HttpGet("{id:int}/sessions")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag])]
    public async Task<ActionResult<IReadOnlyList<SessionResponse>>> Sessions(int id, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var start = from ?? JapanTime.Today(clock);
        var end = to ?? start.AddDays(90);
        if (end < start || end.DayNumber - start.DayNumber >= MaxRangeDays || start < SaveSalon.EarliestDate || end > SaveSalon.LatestDate)
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad date range",
                detail: $"from and to are dates (yyyy-MM-dd) between 2000-01-01 and 2099-12-31, from <= to, at most {MaxRangeDays} days apart.");
        }

        if (await calendar.PublicSalonAsync(id, ct) is null)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "Salon not found");
        }

        var sessions = await calendar.SessionsAsync(null, null, start, end, ct, salonId: id);
        return sessions.Select(SessionResponse.From).ToList();
    }
}

/// <summary>Staff writes on one session: cancel it with a reason, record attendance. Area-scoped like the pages.</summary>
[ApiController]
[Route("api/v1/staff/salons")]
[Authorize(Policy = Policies.Staff)]
public sealed class SalonsStaffApiController(ChangeSession sessions, SaveSalon save) : ControllerBase
{
    /// <summary>Creates a salon and plans its sessions; send a fresh <c>submissionId</c> so a retried request creates one salon.</summary>
    [HttpPost]
    public async Task<IActionResult> Create(SalonForm body, CancellationToken ct) =>
        Answer(await save.HandleAsync(User, null, body, ct), created: true);

    /// <summary>Replaces a salon and its schedule; sessions with records on them are kept (ADR 008).</summary>
    [HttpPut("{id:int}")]
    public async Task<IActionResult> Update(int id, SalonForm body, CancellationToken ct) =>
        Answer(await save.HandleAsync(User, id, body, ct), created: false);

    [HttpPost("{id:int}/sessions/{date}/cancel")]
    public async Task<IActionResult> Cancel(int id, DateOnly date, CancelSessionForm body, CancellationToken ct) =>
        Answer(await sessions.CancelAsync(User, id, date, body, ct));

    [HttpPost("{id:int}/sessions/{date}/attendance")]
    public async Task<IActionResult> Attendance(int id, DateOnly date, AttendanceForm body, CancellationToken ct) =>
        Answer(await sessions.RecordAttendanceAsync(User, id, date, body, ct));

    private ActionResult Answer(SaveSalon.Result result, bool created) => result switch
    {
        SaveSalon.Result.Saved saved when created => Created($"/api/v1/salons/{saved.SalonId}", new { id = saved.SalonId }),
        SaveSalon.Result.Saved => NoContent(),
        SaveSalon.Result.Forbidden => Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your area"),
        SaveSalon.Result.Invalid invalid => ValidationProblem(statusCode: StatusCodes.Status422UnprocessableEntity, modelStateDictionary: Errors(invalid)),
        _ => Problem(statusCode: StatusCodes.Status404NotFound, title: "Salon not found"),
    };

    private static Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary Errors(SaveSalon.Result.Invalid invalid)
    {
        var errors = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        foreach (var (field, message) in invalid.Errors)
        {
            errors.AddModelError(field, message);
        }

        return errors;
    }

    private ActionResult Answer(ChangeSession.Result result) => result switch
    {
        ChangeSession.Result.Saved => NoContent(),
        ChangeSession.Result.Forbidden => Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your area"),
        ChangeSession.Result.Invalid => Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not accepted",
            detail: "Age bands must all be given and add up to the total; attendance is recorded only for sessions that have taken place."),
        _ => Problem(statusCode: StatusCodes.Status404NotFound, title: "Session not found"),
    };
}

public sealed record ScheduleResponse(
    string Kind, int[] Weekdays, int[] WeekOrdinals, int? DayOfMonth, TimeOnly StartTime, TimeOnly EndTime,
    DateOnly StartDate, DateOnly? EndDate, DateOnly[] ExtraDates, DateOnly[] ExceptionDates, string HolidayRule);

public sealed record SalonResponse(
    int Id, string Name, string? HostName, string Description, string ForWhom, string Fee, int? Capacity,
    int AreaId, int? PlaceId, string VenueName, string VenueAddress, ScheduleResponse Schedule)
{
    public static SalonResponse From(Salon s) => new(
        s.Id, s.Name, s.HostName, s.Description, s.ForWhom, s.Fee, s.Capacity, s.AreaId, s.PlaceId, s.VenueName, s.VenueAddress,
        new ScheduleResponse(s.ScheduleKind.ToString(), s.Weekdays, s.WeekOrdinals, s.DayOfMonth, s.StartTime, s.EndTime, s.StartDate, s.EndDate,
            s.ExtraDates, s.ExceptionDates, s.HolidayRule.ToString()));
}

public sealed record SessionResponse(
    DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string? CancelReason,
    string VenueName, string VenueAddress, bool TimeChanged, bool VenueChanged)
{
    public static SessionResponse From(SessionListItem s) => new(
        s.Date, JapanTime.ToInstant(s.Date, s.StartTime), JapanTime.ToInstant(s.Date, s.EndTime),
        s.IsCancelled ? "cancelled" : "scheduled", s.CancelReason, s.VenueName, s.VenueAddress, s.TimeChanged, s.VenueChanged);
}
