using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using NpgsqlTypes;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Email;
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
/// Registers a party (ADR 020, refining ADR 018). Everything slow — reading the meeting, validation, the cancel token,
/// the mail and its calendar file — happens before any lock. Then one SQL statement, committed on its own, claims a
/// seat with a conditional <c>UPDATE … SET confirmed_people = confirmed_people + n WHERE confirmed_people + n &lt;=
/// capacity</c> or, when the meeting is full, takes a <c>FOR SHARE</c> lock on it, and inserts the registration, its
/// topics and its mail. The meeting row is therefore locked only for the time the database needs to run that statement,
/// never while the app is working or waiting for its turn on the CPU; the check constraint on <c>town_meetings</c> stays
/// the last word on capacity, and the partial unique index on (meeting, contact) rejects a second active registration.
/// </summary>
public sealed partial class RegisterForMeeting(
    TsunagariDbContext db,
    MeetingMails mails,
    SignedLinks links,
    OutboxSignal outboxSignal,
    RegistrationGate gate,
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
        // Made once, outside the retries: if a commit succeeded but its answer was lost, the retry finds this key.
        var key = Guid.NewGuid();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(ct => HandleOnceAsync(meetingId, request, key, ct), ct);
    }

    private async Task<Result> HandleOnceAsync(int meetingId, RegistrationRequest request, Guid key, CancellationToken ct)
    {
        // One connection for the whole registration, taken once its turn at the gate has come: under a burst,
        // registrations are served in the order they came, by a few database backends.
        using var slot = await gate.EnterAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var meeting = await MeetingByIdAsync(meetingId, ct);
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

            var registration = new MeetingRegistration
            {
                Key = key,
                MeetingId = meetingId,
                Name = normalized.Name,
                Email = normalized.Email,
                Phone = normalized.Phone,
                ContactKey = ContactKey(normalized.Email, normalized.Phone),
                PartySize = normalized.PartySize,
                ForSomeoneElse = normalized.ForSomeoneElse,
                RegisteredByName = normalized.ForSomeoneElse ? normalized.RegisteredByName : null,
                Relationship = normalized.ForSomeoneElse ? normalized.Relationship : null,
                Needs = normalized.NeedsSet,
                NeedsNote = normalized.NeedsNote,
                Status = RegistrationStatus.Waitlisted, // until the statement below decides
                Source = request.Source,
                CreatedAt = now,
            };
            var token = CancelToken(links, meeting, registration, now);

            // Both possible mails are made before the statement, which picks one. The confirmation (with its calendar
            // file) is made only when the meeting had a seat left when read; if one is freed later, the statement
            // answers "seat free" and the registration goes round again with it.
            var waitlistedMail = Mail(meeting, registration, RegistrationStatus.Waitlisted, token);
            var confirmedMail = meeting.ConfirmedPeople + registration.PartySize <= meeting.Capacity
                ? Mail(meeting, registration, RegistrationStatus.Confirmed, token)
                : null;
            for (var attempt = 1; ; attempt++)
            {
                var mayClaim = registration.Email is null || confirmedMail is not null;
                var (outcome, id) = await RegisterAsync(registration, normalized.Topics, mayClaim, attempt == MaxClaimAttempts, confirmedMail, waitlistedMail, ct);
                switch (outcome)
                {
                    case Outcome.NotFound:
                        return new Result.NotFound();
                    case Outcome.Closed:
                        return new Result.Closed();
                    case Outcome.Duplicate:
                        return await OwnEarlierAttemptAsync(key, token, ct) ?? new Result.AlreadyRegistered();
                    case Outcome.SeatFree:
                        confirmedMail ??= Mail(meeting, registration, RegistrationStatus.Confirmed, token);
                        continue;
                }

                if (registration.Email is not null)
                {
                    outboxSignal.Notify();
                }

                var status = outcome == Outcome.Confirmed ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
                if (outcome == Outcome.Confirmed)
                {
                    await cache.EvictByTagAsync(MeetingsSetup.PageTag(meetingId), CancellationToken.None);
                }

                return new Result.Registered(id, status, registration.PartySize, token);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// What registration needs of the meeting: the rules (seats, deadline, what it offers) and what the mail and its
    /// calendar file say. Read on the connection the statement below then uses, as a statement PostgreSQL keeps
    /// prepared on it: through EF's query pipeline (and the retrying strategy's buffering) this read was a seventh of
    /// the app's work per registration, and PostgreSQL parsed and planned it every time.
    /// </summary>
    private const string MeetingSql = """
        SELECT id, title, purpose, starts_at, ends_at, venue_name, venue_address, online_url, area_id, capacity,
            confirmed_people, registration_deadline, accessibility_offered, topics_allowed, updated_at
        FROM town_meetings WHERE id = @id
        """;

    private async Task<TownMeeting?> MeetingByIdAsync(int id, CancellationToken ct)
    {
        await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = MeetingSql;
        command.Parameters.Add(new NpgsqlParameter<int>("id", id));
        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new TownMeeting
        {
            Id = reader.GetInt32(0),
            Title = reader.GetString(1),
            Purpose = reader.GetString(2),
            StartsAt = reader.GetFieldValue<DateTimeOffset>(3),
            EndsAt = reader.GetFieldValue<DateTimeOffset>(4),
            VenueName = reader.IsDBNull(5) ? null : reader.GetString(5),
            VenueAddress = reader.IsDBNull(6) ? null : reader.GetString(6),
            OnlineUrl = reader.IsDBNull(7) ? null : reader.GetString(7),
            AreaId = reader.GetInt32(8),
            Capacity = reader.GetInt32(9),
            ConfirmedPeople = reader.GetInt32(10),
            RegistrationDeadline = reader.GetFieldValue<DateTimeOffset>(11),
            AccessibilityOffered = (AccessibilitySupport)reader.GetInt32(12),
            TopicsAllowed = reader.GetBoolean(13),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(14),
        };
    }

    /// <summary>The registration mail as it reads for <paramref name="status"/>; null for phone-only registrants.</summary>
    private OutboxMessage? Mail(TownMeeting meeting, MeetingRegistration registration, string status, string token)
    {
        registration.Status = status;
        return mails.Registered(meeting, registration, token);
    }

    private enum Outcome
    {
        Confirmed,
        Waitlisted,
        SeatFree,
        Closed,
        NotFound,
        Duplicate,
    }

    /// <summary>
    /// The one statement that decides and writes (committed on its own, so the meeting row is locked only while it runs):
    /// <list type="number">
    /// <item><c>claim</c>: take a seat if one is left and the meeting is open (skipped when no confirmation mail is made).</item>
    /// <item><c>held</c>: otherwise share-lock the meeting. A cancellation or capacity change in flight holds the row with
    /// <c>FOR UPDATE</c>; the lock waits for it and then reads the row as it left it (READ COMMITTED re-reads a row that
    /// changed while it waited). Share locks do not block each other, so a full meeting's waitlist registrations run side
    /// by side, and a later cancellation waits for them and then sees them to promote.</item>
    /// <item><c>outcome</c>: confirmed; or waitlisted when the held row is full; or "seat free" when a seat was given
    /// back after the claim looked (nothing is written and the caller goes round again, as ADR 018's retry did).</item>
    /// <item>the registration, its topics and its mail, only for confirmed or waitlisted.</item>
    /// </list>
    /// A second active registration for the same contact fails the whole statement on the partial unique index, which
    /// also gives back a claimed seat.
    /// </summary>
    private const string RegisterSql = """
        WITH claim AS (
            UPDATE town_meetings SET confirmed_people = confirmed_people + @size
            WHERE id = @meeting AND @may_claim AND confirmed_people + @size <= capacity
              AND registration_deadline >= @now AND starts_at > @now
            RETURNING id
        ), held AS (
            SELECT confirmed_people + @size <= capacity AS seat_free, registration_deadline >= @now AND starts_at > @now AS open
            FROM town_meetings WHERE id = @meeting AND NOT EXISTS (SELECT FROM claim)
            FOR SHARE
        ), outcome AS (
            SELECT CASE
                WHEN EXISTS (SELECT FROM claim) THEN 'confirmed'
                WHEN NOT EXISTS (SELECT FROM held) THEN 'not-found'
                WHEN NOT (SELECT open FROM held) THEN 'closed'
                WHEN (SELECT seat_free FROM held) AND NOT @last_attempt THEN 'seat-free'
                ELSE 'waitlisted' END AS status
        ), registration AS (
            INSERT INTO meeting_registrations (key, meeting_id, name, email, phone, contact_key, party_size, for_someone_else,
                registered_by_name, relationship, needs, needs_note, status, source, created_at)
            SELECT @key, @meeting, @name, @email, @phone, @contact_key, @size, @for_someone_else,
                @registered_by_name, @relationship, @needs, @needs_note, outcome.status, @source, @now
            FROM outcome WHERE outcome.status IN ('confirmed', 'waitlisted')
            RETURNING id, status
        ), topics AS (
            INSERT INTO meeting_topics (meeting_id, registration_id, text, source, status, created_at)
            SELECT @meeting, registration.id, topic.text, 'advance', 'new', @now
            FROM registration CROSS JOIN unnest(@topics) WITH ORDINALITY AS topic(text, n)
            ORDER BY topic.n
        ), mail AS (
            INSERT INTO outbox_messages (id, created_at, recipient, recipient_name, subject, text_body, attachment_name,
                attachment_type, attachment_text, attempts, next_attempt_at)
            SELECT mail.id, @now, @recipient, @recipient_name, mail.subject, mail.text_body, mail.attachment_name,
                mail.attachment_type, mail.attachment_text, 0, @now
            FROM registration CROSS JOIN LATERAL (
                SELECT @confirmed_id, @confirmed_subject, @confirmed_text, @confirmed_attachment_name, @confirmed_attachment_type,
                    @confirmed_attachment_text
                WHERE registration.status = 'confirmed'
                UNION ALL
                SELECT @waitlisted_id, @waitlisted_subject, @waitlisted_text, NULL, NULL, NULL
                WHERE registration.status = 'waitlisted'
            ) AS mail (id, subject, text_body, attachment_name, attachment_type, attachment_text)
            WHERE @recipient IS NOT NULL
        )
        SELECT outcome.status, registration.id FROM outcome LEFT JOIN registration ON true
        """;

    private async Task<(Outcome Outcome, long Id)> RegisterAsync(
        MeetingRegistration r, IReadOnlyList<string> topics, bool mayClaim, bool lastAttempt,
        OutboxMessage? confirmedMail, OutboxMessage? waitlistedMail, CancellationToken ct)
    {
        await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = RegisterSql;
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<int>("meeting", r.MeetingId));
        p.Add(new NpgsqlParameter<int>("size", r.PartySize));
        p.Add(new NpgsqlParameter<bool>("may_claim", mayClaim));
        p.Add(new NpgsqlParameter<bool>("last_attempt", lastAttempt));
        p.Add(new NpgsqlParameter<DateTimeOffset>("now", r.CreatedAt));
        p.Add(new NpgsqlParameter<Guid>("key", r.Key));
        p.Add(new NpgsqlParameter<string>("name", r.Name));
        p.Add(Text("email", r.Email));
        p.Add(Text("phone", r.Phone));
        p.Add(new NpgsqlParameter<string>("contact_key", r.ContactKey));
        p.Add(new NpgsqlParameter<bool>("for_someone_else", r.ForSomeoneElse));
        p.Add(Text("registered_by_name", r.RegisteredByName));
        p.Add(Text("relationship", r.Relationship));
        p.Add(new NpgsqlParameter<int>("needs", (int)r.Needs));
        p.Add(Text("needs_note", r.NeedsNote));
        p.Add(new NpgsqlParameter<string>("source", r.Source));
        p.Add(new NpgsqlParameter<string[]>("topics", [.. topics]));
        p.Add(Text("recipient", waitlistedMail?.Recipient));
        p.Add(Text("recipient_name", waitlistedMail?.RecipientName));
        p.Add(new NpgsqlParameter<Guid>("confirmed_id", confirmedMail?.Id ?? Guid.Empty));
        p.Add(Text("confirmed_subject", confirmedMail?.Subject));
        p.Add(Text("confirmed_text", confirmedMail?.TextBody));
        p.Add(Text("confirmed_attachment_name", confirmedMail?.AttachmentName));
        p.Add(Text("confirmed_attachment_type", confirmedMail?.AttachmentType));
        p.Add(Text("confirmed_attachment_text", confirmedMail?.AttachmentText));
        p.Add(new NpgsqlParameter<Guid>("waitlisted_id", waitlistedMail?.Id ?? Guid.Empty));
        p.Add(Text("waitlisted_subject", waitlistedMail?.Subject));
        p.Add(Text("waitlisted_text", waitlistedMail?.TextBody));
        try
        {
            // Prepared once per pooled connection (Npgsql remembers it), so PostgreSQL parses and plans it only then.
            await command.PrepareAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var outcome = reader.GetString(0) switch
            {
                "confirmed" => Outcome.Confirmed,
                "waitlisted" => Outcome.Waitlisted,
                "seat-free" => Outcome.SeatFree,
                "closed" => Outcome.Closed,
                _ => Outcome.NotFound,
            };
            return (outcome, reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return (Outcome.Duplicate, 0);
        }
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    /// <summary>
    /// A unique violation is usually the same person registering twice; but when an earlier attempt of this very
    /// registration committed and only its answer was lost (the connection broke), the row with this key is ours.
    /// </summary>
    private async Task<Result?> OwnEarlierAttemptAsync(Guid key, string token, CancellationToken ct)
    {
        var own = await db.Set<MeetingRegistration>().AsNoTracking().Where(r => r.Key == key)
            .Select(r => new { r.Id, r.Status, r.PartySize }).SingleOrDefaultAsync(ct);
        return own is null ? null : new Result.Registered(own.Id, own.Status, own.PartySize, token);
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
