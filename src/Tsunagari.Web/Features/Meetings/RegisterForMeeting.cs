using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>The registration form on <c>/meetings/{id}</c>. Field names are posted without a prefix.</summary>
public sealed class RegistrationForm
{
    [Display(Name = "お名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Name { get; set; } = "";

    [Display(Name = "メールアドレス")]
    [StringLength(254, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Email { get; set; }

    [Display(Name = "電話番号")]
    [StringLength(30, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Phone { get; set; }

    [Display(Name = "参加する人数")]
    [Range(1, 10, ErrorMessage = "{0}は{1}人から{2}人までです。")]
    public int PartySize { get; set; } = 1;

    public bool ForSomeoneElse { get; set; }

    [Display(Name = "申し込む方のお名前")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? RegisteredByName { get; set; }

    [Display(Name = "参加する方との関係")]
    [StringLength(50, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Relationship { get; set; }

    public List<string> Needs { get; set; } = [];

    [Display(Name = "配慮についてのご希望")]
    [StringLength(500, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? NeedsNote { get; set; }

    [Display(Name = "話し合いたいこと")]
    [StringLength(1000, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Topics { get; set; }

    public RegistrationRequest ToRequest() => new(
        Name, Email, Phone, PartySize, ForSomeoneElse, RegisteredByName, Relationship, Needs, NeedsNote,
        string.IsNullOrWhiteSpace(Topics) ? [] : [Topics], RegistrationSources.Web);
}

/// <summary>What both the form and the API hand to <see cref="RegisterForMeeting"/>.</summary>
public sealed record RegistrationRequest(
    string Name,
    string? Email,
    string? Phone,
    int PartySize,
    bool ForSomeoneElse,
    string? RegisteredByName,
    string? Relationship,
    IReadOnlyList<string> Needs,
    string? NeedsNote,
    IReadOnlyList<string> Topics,
    string Source);

/// <summary>
/// Registers a party. A seat is claimed with one conditional <c>UPDATE … SET confirmed_people = confirmed_people + n
/// WHERE confirmed_people + n &lt;= capacity</c>: confirmed registrations queue on the meeting row only for that statement
/// and the insert after it, and the check constraint on <c>town_meetings</c> is the last word. When the meeting is full the
/// registration takes a <c>FOR SHARE</c> lock instead, so the many waitlisted registrations of a popular meeting run side
/// by side, while a cancellation or a capacity change (<c>FOR UPDATE</c>) waits for them and then sees them to promote.
/// Mail text and the calendar file are built from the meeting as read before the locks.
/// </summary>
public sealed partial class RegisterForMeeting(
    TsunagariDbContext db,
    MeetingMails mails,
    SignedLinks links,
    IStringLocalizer<SharedResource> l,
    IOutputCacheStore cache,
    TimeProvider clock)
{
    public const int MaxTopics = 5;

    /// <summary>A seat freed between the failed claim and the shared lock sends the registration round again, at most this often.</summary>
    private const int MaxClaimAttempts = 3;

    public abstract record Result
    {
        public sealed record Registered(long RegistrationId, string Status, int PartySize, string CancelToken) : Result;

        public sealed record NotFound : Result;

        public sealed record Closed : Result;

        public sealed record AlreadyRegistered : Result;

        public sealed record Invalid(IReadOnlyList<FieldError> Errors) : Result;
    }

    public sealed record FieldError(string Field, string Message);

    public async Task<Result> HandleAsync(int meetingId, RegistrationRequest request, CancellationToken ct)
    {
        var meeting = await db.Set<TownMeeting>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null)
        {
            return new Result.NotFound();
        }

        var now = clock.GetUtcNow();
        if (!meeting.IsOpenAt(now))
        {
            return new Result.Closed();
        }

        var (errors, normalized) = Validate(meeting, request);
        if (errors.Count > 0)
        {
            return new Result.Invalid(errors);
        }

        var contactKey = ContactKey(normalized.Email, normalized.Phone);
        var exists = await db.Set<MeetingRegistration>().AsNoTracking()
            .AnyAsync(r => r.MeetingId == meetingId && r.ContactKey == contactKey && r.Status != RegistrationStatus.Cancelled, ct);
        if (exists)
        {
            return new Result.AlreadyRegistered();
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync<Result>(async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var size = normalized.PartySize;
                var confirmed = await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE town_meetings SET confirmed_people = confirmed_people + {size}
                    WHERE id = {meetingId} AND confirmed_people + {size} <= capacity
                      AND registration_deadline >= {now} AND starts_at > {now}
                    """, ct) == 1;
                if (!confirmed)
                {
                    var current = await db.Set<TownMeeting>()
                        .FromSql($"SELECT * FROM town_meetings WHERE id = {meetingId} FOR SHARE")
                        .AsNoTracking()
                        .SingleOrDefaultAsync(ct);
                    if (current is null)
                    {
                        return new Result.NotFound();
                    }

                    if (!current.IsOpenAt(now))
                    {
                        return new Result.Closed();
                    }

                    if (current.ConfirmedPeople + size <= current.Capacity && attempt < MaxClaimAttempts)
                    {
                        // A seat was freed after the claim failed: try to claim it rather than queue behind it.
                        await transaction.RollbackAsync(ct);
                        continue;
                    }
                }

                var registration = new MeetingRegistration
                {
                    Key = Guid.NewGuid(),
                    MeetingId = meetingId,
                    Name = normalized.Name,
                    Email = normalized.Email,
                    Phone = normalized.Phone,
                    ContactKey = contactKey,
                    PartySize = size,
                    ForSomeoneElse = normalized.ForSomeoneElse,
                    RegisteredByName = normalized.ForSomeoneElse ? normalized.RegisteredByName : null,
                    Relationship = normalized.ForSomeoneElse ? normalized.Relationship : null,
                    Needs = normalized.NeedsSet,
                    NeedsNote = normalized.NeedsNote,
                    Status = confirmed ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted,
                    Source = request.Source,
                    CreatedAt = now,
                };
                db.Add(registration);
                try
                {
                    // One SaveChanges: the registration, the topics and the mail go to the database with the seat.
                    foreach (var topic in normalized.Topics)
                    {
                        db.Add(new MeetingTopic
                        {
                            MeetingId = meetingId,
                            Registration = registration,
                            Text = topic,
                            Source = TopicSources.Advance,
                            CreatedAt = now,
                        });
                    }

                    var token = CancelToken(links, meeting, registration, now);
                    mails.QueueRegistered(meeting, registration, token);
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    if (confirmed)
                    {
                        await cache.EvictByTagAsync(MeetingsSetup.PageTag(meetingId), CancellationToken.None);
                    }

                    return new Result.Registered(registration.Id, registration.Status, registration.PartySize, token);
                }
                catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                {
                    // The same person registered at the same moment: the rollback also gives back the claimed seat.
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return new Result.AlreadyRegistered();
                }
            }
        });
    }

    public const string CancelPurpose = "meeting-registration";

    /// <summary>The registrant's cancel token, valid until a week after the meeting.</summary>
    public static string CancelToken(SignedLinks links, TownMeeting meeting, MeetingRegistration registration, DateTimeOffset now)
    {
        var lifetime = meeting.EndsAt.AddDays(7) - now;
        return links.Create(CancelPurpose, registration.Key.ToString("N", CultureInfo.InvariantCulture), lifetime < TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : lifetime);
    }

    private sealed record Normalized(
        string Name, string? Email, string? Phone, int PartySize, bool ForSomeoneElse, string? RegisteredByName,
        string? Relationship, AccessibilitySupport NeedsSet, string? NeedsNote, IReadOnlyList<string> Topics);

    private (List<FieldError> Errors, Normalized Value) Validate(TownMeeting meeting, RegistrationRequest request)
    {
        var errors = new List<FieldError>();
        var name = Clean(request.Name);
        if (name is null)
        {
            errors.Add(new("Name", l["お名前を入力してください。"]));
        }
        else if (name.Length > 100)
        {
            errors.Add(new("Name", l["お名前は100文字以内で入力してください。"]));
        }

        var email = Clean(request.Email);
        if (email is not null && (email.Length > 254 || !EmailShape().IsMatch(email)))
        {
            errors.Add(new("Email", l["メールアドレスの形が正しくありません。例: sakura@example.jp"]));
        }

        var phone = NormalizePhone(request.Phone);
        if (Clean(request.Phone) is not null && phone is null)
        {
            errors.Add(new("Phone", l["電話番号の形が正しくありません。例: 0312345678 または 090-1234-5678"]));
        }

        if (Clean(request.Email) is null && Clean(request.Phone) is null)
        {
            errors.Add(new("Email", l["メールアドレスか電話番号の、どちらかを入力してください。"]));
        }

        if (request.PartySize is < 1 or > 10)
        {
            errors.Add(new("PartySize", l["参加する人数は1人から10人までです。"]));
        }

        var registeredBy = Clean(request.RegisteredByName);
        var relationship = Clean(request.Relationship);
        if (request.ForSomeoneElse && registeredBy is null)
        {
            errors.Add(new("RegisteredByName", l["代わりに申し込む方のお名前を入力してください。"]));
        }

        if (registeredBy?.Length > 100 || relationship?.Length > 50)
        {
            errors.Add(new("Relationship", l["申し込む方のお名前は100文字以内、関係は50文字以内で入力してください。"]));
        }

        var needs = AccessibilitySupport.None;
        foreach (var raw in request.Needs.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (AccessibilityLabels.Parse(raw) is not { } need || !meeting.AccessibilityOffered.HasFlag(need))
            {
                errors.Add(new("Needs", l["このタウンミーティングで用意している配慮から選んでください。"]));
                break;
            }

            needs |= need;
        }

        var needsNote = Clean(request.NeedsNote);
        if (needsNote?.Length > 500)
        {
            errors.Add(new("NeedsNote", l["配慮についてのご希望は500文字以内で入力してください。"]));
        }

        var topics = request.Topics.Select(Clean).OfType<string>().ToList();
        if (topics.Count > 0 && !meeting.TopicsAllowed)
        {
            errors.Add(new("Topics", l["このタウンミーティングでは、話し合いたいことを事前に受け付けていません。"]));
        }
        else if (topics.Count > MaxTopics || topics.Any(t => t.Length > 1000))
        {
            errors.Add(new("Topics", l["話し合いたいことは5件まで、1件1000文字以内で入力してください。"]));
        }

        return (errors, new Normalized(name ?? "", email?.ToLowerInvariant(), phone, request.PartySize, request.ForSomeoneElse,
            registeredBy, relationship, needs, needsNote, topics));
    }

    /// <summary>NFKC (full-width letters and digits), trimmed, control characters removed; null when empty.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = new string(value.Normalize(NormalizationForm.FormKC).Where(c => !char.IsControl(c) || c is '\n').ToArray()).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Japanese phone numbers: 10 or 11 digits starting with 0, or +81; hyphens, spaces and brackets ignored.</summary>
    public static string? NormalizePhone(string? value)
    {
        var text = Clean(value);
        if (text is null)
        {
            return null;
        }

        var digits = new string(text.Where(c => c is not ('-' or ' ' or '(' or ')' or 'ー' or '‐' or '−')).ToArray());
        if (digits.StartsWith("+81", StringComparison.Ordinal))
        {
            digits = "0" + digits[3..];
        }

        return PhoneShape().IsMatch(digits) ? digits : null;
    }

    public static string ContactKey(string? email, string? phone) =>
        email is not null ? email.ToLowerInvariant() : "tel:" + phone;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^0\d{9,10}$")]
    private static partial Regex PhoneShape();
}
