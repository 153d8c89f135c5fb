using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>Create/edit form for staff. Dates and times are Japan time.</summary>
public sealed class MeetingForm
{
    [Display(Name = "名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Title { get; set; } = "";

    [Display(Name = "目的")]
    [StringLength(2000, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Purpose { get; set; }

    [Display(Name = "次第")]
    [StringLength(20000, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? AgendaMarkdown { get; set; }

    [Display(Name = "開催日")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public DateOnly? Date { get; set; }

    [Display(Name = "開始時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? StartTime { get; set; }

    [Display(Name = "終了時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? EndTime { get; set; }

    [Display(Name = "申し込みのしめきり日")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public DateOnly? DeadlineDate { get; set; }

    [Display(Name = "しめきり時刻")]
    public TimeOnly? DeadlineTime { get; set; } = new(17, 0);

    /// <summary>A published 居場所 in the meeting's area subtree as the venue.</summary>
    [Display(Name = "会場にする居場所")]
    public int? PlaceId { get; set; }

    [Display(Name = "会場の名前")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? VenueName { get; set; }

    [Display(Name = "会場の住所")]
    [StringLength(300, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? VenueAddress { get; set; }

    [Display(Name = "オンライン参加のリンク")]
    [StringLength(500, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? OnlineUrl { get; set; }

    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }

    [Display(Name = "定員")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [Range(1, 100000, ErrorMessage = "{0}は{1}人から{2}人までです。")]
    public int? Capacity { get; set; }

    [Display(Name = "主催")]
    [StringLength(500, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Organizers { get; set; }

    public List<string> Offered { get; set; } = [];

    public bool TopicsAllowed { get; set; }

    public static MeetingForm From(TownMeeting m) => new()
    {
        Title = m.Title,
        Purpose = m.Purpose,
        AgendaMarkdown = m.AgendaMarkdown,
        Date = DateOnly.FromDateTime(m.StartsAt.ToJapan().DateTime),
        StartTime = TimeOnly.FromDateTime(m.StartsAt.ToJapan().DateTime),
        EndTime = TimeOnly.FromDateTime(m.EndsAt.ToJapan().DateTime),
        DeadlineDate = DateOnly.FromDateTime(m.RegistrationDeadline.ToJapan().DateTime),
        DeadlineTime = TimeOnly.FromDateTime(m.RegistrationDeadline.ToJapan().DateTime),
        PlaceId = m.PlaceId,
        VenueName = m.VenueName,
        VenueAddress = m.VenueAddress,
        OnlineUrl = m.OnlineUrl,
        AreaId = m.AreaId,
        Capacity = m.Capacity,
        Organizers = m.Organizers,
        Offered = AccessibilityLabels.In(m.AccessibilityOffered).Select(o => o.Value.ToString()).ToList(),
        TopicsAllowed = m.TopicsAllowed,
    };
}

/// <summary>Creates or edits a meeting in the staff member's area scope. Raising the capacity promotes from the waitlist.</summary>
public sealed class SaveMeeting(
    TsunagariDbContext db,
    AreaAccess access,
    VenuePlaces venues,
    MeetingMails mails,
    SignedLinks links,
    IOutputCacheStore cache,
    IStringLocalizer<SharedResource> l,
    TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record Saved(int Id) : Result;

        public sealed record NotFound : Result;

        public sealed record OutOfScope : Result;

        public sealed record Invalid(IReadOnlyList<RegisterForMeeting.FieldError> Errors) : Result;
    }

    public async Task<Result> HandleAsync(ClaimsPrincipal user, int? id, MeetingForm form, CancellationToken ct)
    {
        var errors = Validate(form);
        if (errors.Count > 0)
        {
            return new Result.Invalid(errors);
        }

        if (!await access.CanAsync(user, Permission.RunActivities, form.AreaId!.Value, ct))
        {
            return new Result.OutOfScope();
        }

        string? placeName = null;
        if (form.PlaceId is int placeId)
        {
            if (await venues.CheckAsync(placeId, form.AreaId!.Value, ct) is { } refused)
            {
                return new Result.Invalid([new("PlaceId", refused)]);
            }

            placeName = (await venues.ForDisplayAsync(placeId, ct))?.Name;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            TownMeeting meeting;
            if (id is int existingId)
            {
                var found = await db.Set<TownMeeting>().FromSql($"SELECT * FROM town_meetings WHERE id = {existingId} FOR UPDATE").SingleOrDefaultAsync(ct);
                if (found is null)
                {
                    return new Result.NotFound();
                }

                if (!await access.CanAsync(user, Permission.RunActivities, found.AreaId, ct))
                {
                    return new Result.OutOfScope();
                }

                if (form.Capacity!.Value < found.ConfirmedPeople)
                {
                    return new Result.Invalid([new("Capacity", l["定員は、すでに参加が確定している人数（{0}人）より少なくできません。", found.ConfirmedPeople])]);
                }

                meeting = found;
            }
            else
            {
                UserGrants.TryGetUserId(user, out var userId);
                meeting = new TownMeeting { Title = "", CreatedAt = now, CreatedBy = userId };
                db.Add(meeting);
            }

            Apply(form, meeting);
            // Lists, mails, calendars and the API show the venue name: with a place chosen, it is the place's public name.
            meeting.VenueName = placeName ?? meeting.VenueName;
            meeting.UpdatedAt = now;
            if (id is not null)
            {
                await CancelRegistration.PromoteAsync(db, mails, links, meeting, now, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (Result)new Result.Saved(meeting.Id);
        });
        if (result is Result.Saved)
        {
            await cache.EvictByTagAsync(PublicPageCache.Tags.All, ct);
        }

        return result;
    }

    private static void Apply(MeetingForm form, TownMeeting meeting)
    {
        meeting.Title = RegisterForMeeting.Clean(form.Title)!;
        meeting.Purpose = RegisterForMeeting.Clean(form.Purpose) ?? "";
        meeting.AgendaMarkdown = form.AgendaMarkdown?.Trim() ?? "";
        meeting.StartsAt = JapanTime.ToInstant(form.Date!.Value, form.StartTime!.Value).ToUniversalTime();
        meeting.EndsAt = JapanTime.ToInstant(form.Date!.Value, form.EndTime!.Value).ToUniversalTime();
        meeting.RegistrationDeadline = JapanTime.ToInstant(form.DeadlineDate!.Value, form.DeadlineTime ?? new TimeOnly(23, 59)).ToUniversalTime();
        meeting.PlaceId = form.PlaceId;
        meeting.VenueName = RegisterForMeeting.Clean(form.VenueName);
        meeting.VenueAddress = RegisterForMeeting.Clean(form.VenueAddress);
        meeting.OnlineUrl = RegisterForMeeting.Clean(form.OnlineUrl);
        meeting.AreaId = form.AreaId!.Value;
        meeting.Capacity = form.Capacity!.Value;
        meeting.Organizers = RegisterForMeeting.Clean(form.Organizers) ?? "";
        meeting.AccessibilityOffered = AccessibilityLabels.Combine(form.Offered.Select(AccessibilityLabels.Parse).OfType<AccessibilitySupport>());
        meeting.TopicsAllowed = form.TopicsAllowed;
    }

    private List<RegisterForMeeting.FieldError> Validate(MeetingForm form)
    {
        var errors = new List<RegisterForMeeting.FieldError>();
        if (RegisterForMeeting.Clean(form.Title) is null)
        {
            errors.Add(new("Title", l["名前を入力してください。"]));
        }

        if (form.StartTime is { } start && form.EndTime is { } end && end <= start)
        {
            errors.Add(new("EndTime", l["終了時刻は開始時刻より後にしてください。"]));
        }

        if (form.Date is { } date && form.StartTime is { } s && form.DeadlineDate is { } deadline
            && JapanTime.ToInstant(deadline, form.DeadlineTime ?? new TimeOnly(23, 59)) > JapanTime.ToInstant(date, s))
        {
            errors.Add(new("DeadlineDate", l["しめきりは開始より前にしてください。"]));
        }

        if (form.Date is { } d && (d.Year < 2000 || d.Year > 2100))
        {
            errors.Add(new("Date", l["開催日が正しくありません。"]));
        }

        if (form.PlaceId is null && RegisterForMeeting.Clean(form.VenueName) is null && RegisterForMeeting.Clean(form.VenueAddress) is null && RegisterForMeeting.Clean(form.OnlineUrl) is null)
        {
            errors.Add(new("VenueName", l["会場かオンライン参加のリンクの、どちらかを入力してください（会場は、居場所を一覧から選ぶか、名前を入力します）。"]));
        }

        if (RegisterForMeeting.Clean(form.OnlineUrl) is { } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add(new("OnlineUrl", l["オンライン参加のリンクは https:// で始まるアドレスを入力してください。"]));
        }

        if (form.Offered.Any(o => AccessibilityLabels.Parse(o) is null))
        {
            errors.Add(new("Offered", l["配慮は一覧から選んでください。"]));
        }

        return errors;
    }
}
