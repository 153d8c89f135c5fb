using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Content;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>Public town meeting pages: the list, one meeting with its registration form, the registrant's own page.</summary>
[Route("meetings")]
[AutoValidateAntiforgeryToken]
public sealed class MeetingsController(TsunagariDbContext db, MeetingQueries queries, VenuePlaces venues, TimeProvider clock, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new MeetingsIndexViewModel(await queries.UpcomingAsync(0, 100, ct), await queries.PastWithReportsAsync(50, ct)));

    /// <summary>Output-cached for anonymous visitors (their form carries no token: see <see cref="SignedInAntiforgeryAttribute"/>);
    /// a registration or cancellation evicts the page so the seats left stay current.</summary>
    [HttpGet("{id:int}")]
    [OutputCache(PolicyName = PublicPageCache.Policy)]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        HttpContext.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(MeetingsSetup.PageTag(id));
        var model = await BuildAsync(id, new RegistrationForm(), [], ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}")]
    [EnableRateLimiting(RateLimits.PublicPost)]
    [IgnoreAntiforgeryToken]
    [SignedInAntiforgery]
    public async Task<IActionResult> Register(int id, RegistrationForm form, [FromServices] RegisterForMeeting register, CancellationToken ct)
    {
        var errors = new List<RegisterForMeeting.FieldError>();
        if (!ModelState.IsValid)
        {
            errors.AddRange(ModelState.Where(e => e.Value?.Errors.Count > 0)
                .SelectMany(e => e.Value!.Errors.Select(x => new RegisterForMeeting.FieldError(e.Key, x.ErrorMessage))));
        }
        else
        {
            switch (await register.HandleAsync(id, form.ToRequest(), ct))
            {
                case RegisterForMeeting.Result.Registered registered:
                    return RedirectToAction(nameof(Registration), new { token = registered.CancelToken, done = 1 });
                case RegisterForMeeting.Result.NotFound:
                    return NotFound();
                case RegisterForMeeting.Result.Closed:
                    errors.Add(new("", l["申し込みの受付は終わりました。"]));
                    Response.StatusCode = StatusCodes.Status409Conflict;
                    break;
                case RegisterForMeeting.Result.AlreadyRegistered:
                    errors.Add(new("", l["この連絡先で、すでにお申し込みを受け付けています。受付のメールをご確認ください。"]));
                    Response.StatusCode = StatusCodes.Status409Conflict;
                    break;
                case RegisterForMeeting.Result.Invalid invalid:
                    errors.AddRange(invalid.Errors);
                    break;
            }
        }

        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        var model = await BuildAsync(id, form, errors, ct);
        return model is null ? NotFound() : View(nameof(Details), model);
    }

    [HttpGet("{id:int}.ics")]
    public async Task<IActionResult> Calendar(int id, [FromServices] MeetingMails mails, CancellationToken ct)
    {
        var meeting = await db.Set<TownMeeting>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return NotFound();
        }

        return File(System.Text.Encoding.UTF8.GetBytes(MeetingCalendar.Build(meeting, mails.PageUrl(meeting))), "text/calendar; charset=utf-8", $"meeting-{id}.ics");
    }

    /// <summary>The registrant's own page, opened from the mail (or right after registering): status and cancel button.</summary>
    [HttpGet("registration")]
    public async Task<IActionResult> Registration(string? token, int? done, [FromServices] CancelRegistration cancel, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (cancel.ReadToken(token) is not Guid key)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("LinkInvalid");
        }

        var registration = await db.Set<MeetingRegistration>().AsNoTracking().Include(r => r.Meeting)
            .SingleOrDefaultAsync(r => r.Key == key, ct);
        if (registration is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("LinkInvalid");
        }

        var position = registration.Status == RegistrationStatus.Waitlisted
            ? await db.Set<MeetingRegistration>().CountAsync(r => r.MeetingId == registration.MeetingId && r.Status == RegistrationStatus.Waitlisted && r.Id <= registration.Id, ct)
            : 0;
        return View(new RegistrationViewModel(registration, registration.Meeting!, token!, done == 1, position,
            clock.GetUtcNow() < registration.Meeting!.StartsAt));
    }

    [HttpPost("registration/cancel")]
    public async Task<IActionResult> Cancel(string? token, [FromServices] CancelRegistration cancel, CancellationToken ct)
    {
        var result = await cancel.HandleAsync(token, ct);
        if (result == CancelRegistration.Result.InvalidLink)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("LinkInvalid");
        }

        if (result == CancelRegistration.Result.MeetingOver)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return View("Cancelled", result);
    }

    private async Task<MeetingDetailsViewModel?> BuildAsync(int id, RegistrationForm form, IReadOnlyList<RegisterForMeeting.FieldError> errors, CancellationToken ct)
    {
        var meeting = await db.Set<TownMeeting>().AsNoTracking().Include(m => m.Area).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return null;
        }

        var agenda = string.IsNullOrWhiteSpace(meeting.AgendaMarkdown) ? null : MarkdownRenderer.ToHtml(meeting.AgendaMarkdown);
        var report = meeting.ReportPublishedAt is not null && !string.IsNullOrWhiteSpace(meeting.ReportMarkdown) ? MarkdownRenderer.ToHtml(meeting.ReportMarkdown) : null;
        return new MeetingDetailsViewModel(meeting, agenda, report, meeting.IsOpenAt(clock.GetUtcNow()), form, errors)
        {
            Place = await venues.ForDisplayAsync(meeting.PlaceId, ct),
        };
    }
}

public sealed record MeetingsIndexViewModel(IReadOnlyList<MeetingListItem> Upcoming, IReadOnlyList<MeetingListItem> PastWithReports);

public sealed record MeetingDetailsViewModel(
    TownMeeting Meeting, string? AgendaHtml, string? ReportHtml, bool IsOpen, RegistrationForm Form, IReadOnlyList<RegisterForMeeting.FieldError> Errors)
{
    /// <summary>The 居場所 it is held at, as the public may see it; null when none is linked or it is no longer public.</summary>
    public PublicPlace? Place { get; init; }

    public int SeatsLeft => Math.Max(0, Meeting.Capacity - Meeting.ConfirmedPeople);

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase))?.Message;
}

public sealed record RegistrationViewModel(
    MeetingRegistration Registration, TownMeeting Meeting, string Token, bool JustRegistered, int WaitlistPosition, bool CanCancel);
