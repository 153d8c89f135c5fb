using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>Town meetings for other programs: the public list and registration without an account.</summary>
[ApiController]
[Route("api/v1")]
public sealed class MeetingsApiController(MeetingQueries queries, TsunagariDbContext db, IStringLocalizer<SharedResource> l) : ControllerBase
{
    [HttpGet("meetings")]
    public async Task<Paged<MeetingApiItem>> List([FromQuery] PageQuery query, CancellationToken ct)
    {
        var items = await queries.UpcomingAsync((query.Page - 1) * query.PageSize, query.PageSize, ct);
        return new Paged<MeetingApiItem>(items.Select(MeetingApiItem.From).ToList(), query.Page, query.PageSize, await queries.UpcomingCountAsync(ct));
    }

    [HttpGet("meetings/{id:int}")]
    [ProducesResponseType<MeetingApiItem>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(int id, CancellationToken ct)
    {
        var meeting = await db.Set<TownMeeting>().AsNoTracking().Where(m => m.Id == id)
            .Select(m => new MeetingListItem(m.Id, m.Title, m.StartsAt, m.EndsAt, m.VenueName, m.VenueAddress, m.OnlineUrl != null, m.AreaId,
                m.Area!.Name, m.Capacity, m.ConfirmedPeople, m.RegistrationDeadline, m.AccessibilityOffered, m.ReportPublishedAt != null))
            .SingleOrDefaultAsync(ct);
        return meeting is null ? NotFoundProblem() : Ok(MeetingApiItem.From(meeting));
    }

    /// <summary>Registers a party: 201 with <c>confirmed</c> or <c>waitlisted</c> and the token that cancels it.</summary>
    [HttpPost("meetings/{id:int}/registrations")]
    [EnableRateLimiting(RateLimits.PublicPost)]
    [ProducesResponseType<RegistrationApiResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Register(int id, RegistrationApiRequest body, [FromServices] RegisterForMeeting register, CancellationToken ct)
    {
        var request = new RegistrationRequest(
            body.Name ?? "", body.Email, body.Phone, body.PartySize ?? 1, body.ForSomeoneElse, body.RegisteredByName, body.Relationship,
            body.AccessibilityNeeds ?? [], body.NeedsNote, body.Topics ?? [], RegistrationSources.Api);
        switch (await register.HandleAsync(id, request, ct))
        {
            case RegisterForMeeting.Result.Registered r:
                return Created($"/api/v1/registrations/{r.CancelToken}", new RegistrationApiResponse(r.RegistrationId, r.Status, r.PartySize, r.CancelToken));
            case RegisterForMeeting.Result.NotFound:
                return NotFoundProblem();
            case RegisterForMeeting.Result.Closed:
                return Problem(statusCode: StatusCodes.Status409Conflict, title: l["申し込みの受付は終わりました。"]);
            case RegisterForMeeting.Result.AlreadyRegistered:
                return Problem(statusCode: StatusCodes.Status409Conflict, title: l["この連絡先で、すでにお申し込みを受け付けています。"]);
            case RegisterForMeeting.Result.Invalid invalid:
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError(ApiField(error.Field), error.Message);
                }

                return ValidationProblem(statusCode: StatusCodes.Status422UnprocessableEntity, title: l["入力内容を確かめてください。"], modelStateDictionary: ModelState);
            default:
                throw new InvalidOperationException("Unknown result.");
        }
    }

    /// <summary>Cancels with the token from the registration; promotes from the waitlist.</summary>
    [HttpDelete("registrations/{token}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Cancel(string token, [FromServices] CancelRegistration cancel, CancellationToken ct) =>
        await cancel.HandleAsync(token, ct) switch
        {
            CancelRegistration.Result.Cancelled => NoContent(),
            CancelRegistration.Result.AlreadyCancelled => Problem(statusCode: StatusCodes.Status409Conflict, title: l["この申し込みは、すでに取り消されています。"]),
            CancelRegistration.Result.MeetingOver => Problem(statusCode: StatusCodes.Status409Conflict, title: l["終わったタウンミーティングは取り消せません。"]),
            _ => Problem(statusCode: StatusCodes.Status404NotFound, title: l["このトークンは使えません（期限切れか、正しくありません）。"]),
        };

    /// <summary>Staff create a meeting in their area scope (same rules as the staff form; dates and times are Japan time).</summary>
    [HttpPost("meetings")]
    [Authorize(Policy = Policies.Staff)]
    [ProducesResponseType<MeetingCreatedResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Create(MeetingForm body, [FromServices] SaveMeeting save, CancellationToken ct)
    {
        switch (await save.HandleAsync(User, null, body, ct))
        {
            case SaveMeeting.Result.Saved saved:
                return Created($"/api/v1/meetings/{saved.Id}", new MeetingCreatedResponse(saved.Id, $"/meetings/{saved.Id}"));
            case SaveMeeting.Result.Invalid invalid:
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError(ApiField(error.Field), error.Message);
                }

                return ValidationProblem(statusCode: StatusCodes.Status422UnprocessableEntity, title: l["入力内容を確かめてください。"], modelStateDictionary: ModelState);
            default:
                return Problem(statusCode: StatusCodes.Status403Forbidden, title: l["この地域のタウンミーティングを開く権限がありません。"]);
        }
    }

    private ObjectResult NotFoundProblem() => Problem(statusCode: StatusCodes.Status404NotFound, title: l["このタウンミーティングはありません。"]);

    private static string ApiField(string field) => field switch
    {
        "Needs" => "accessibilityNeeds",
        "" => "",
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };
}

public sealed class RegistrationApiRequest
{
    [StringLength(100)]
    public string? Name { get; set; }

    [StringLength(254)]
    public string? Email { get; set; }

    [StringLength(30)]
    public string? Phone { get; set; }

    public int? PartySize { get; set; }

    public bool ForSomeoneElse { get; set; }

    [StringLength(100)]
    public string? RegisteredByName { get; set; }

    [StringLength(50)]
    public string? Relationship { get; set; }

    /// <summary>Any of <c>signLanguage</c>, <c>captioning</c>, <c>childcare</c>, <c>wheelchairSeat</c>, <c>transport</c>, <c>online</c>.</summary>
    [MaxLength(6)]
    public List<string>? AccessibilityNeeds { get; set; }

    [StringLength(500)]
    public string? NeedsNote { get; set; }

    [MaxLength(RegisterForMeeting.MaxTopics)]
    public List<string>? Topics { get; set; }
}

public sealed record MeetingCreatedResponse(int Id, string Url);

public sealed record RegistrationApiResponse(long Id, string Status, int PartySize, string CancelToken);

/// <summary>A meeting in the API: public fields only.</summary>
public sealed record MeetingApiItem(
    int Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Venue, bool Online, int AreaId, string AreaName,
    int Capacity, int SeatsLeft, DateTimeOffset RegistrationDeadline, IReadOnlyList<string> AccessibilitySupport, string Url)
{
    public static MeetingApiItem From(MeetingListItem m) => new(
        m.Id, m.Title, m.StartsAt, m.EndsAt, m.Venue.Length > 0 ? m.Venue : null, m.Online, m.AreaId, m.AreaName, m.Capacity, m.SeatsLeft,
        m.RegistrationDeadline, AccessibilityLabels.In(m.AccessibilityOffered).Select(o => char.ToLowerInvariant(o.Value.ToString()[0]) + o.Value.ToString()[1..]).ToList(),
        $"/meetings/{m.Id}");
}
