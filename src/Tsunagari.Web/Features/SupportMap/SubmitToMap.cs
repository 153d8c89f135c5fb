using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>The resident's entry: the same fields on the page and in the API.</summary>
public sealed class MapSubmissionForm
{
    [Display(Name = "種類")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public SubmissionKind? Kind { get; set; }

    [Display(Name = "地域")]
    public int? AreaId { get; set; }

    [Display(Name = "地図の点（緯度）")]
    [Range(-90, 90, ErrorMessage = "地図の点が正しくありません。もう一度選んでください。")]
    public double? Latitude { get; set; }

    [Display(Name = "地図の点（経度）")]
    [Range(-180, 180, ErrorMessage = "地図の点が正しくありません。もう一度選んでください。")]
    public double? Longitude { get; set; }

    [Display(Name = "場所（住所や目印）")]
    [StringLength(SubmissionLimits.Address, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string? Address { get; set; }

    [Display(Name = "内容")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(SubmissionLimits.Text, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string? Text { get; set; }

    [Display(Name = "連絡先（任意）")]
    [StringLength(SubmissionLimits.Contact, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string? Contact { get; set; }

    [Display(Name = "同意")]
    public bool Consent { get; set; }
}

/// <summary>A resident (signed in or not) or an integration sends a 支え合いマップ entry.</summary>
public sealed class SubmitToMap(TsunagariDbContext db, SupportMapAreas areas, IOptions<SupportMapOptions> options, TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record Accepted(Guid Id) : Result;

        /// <summary>Field name (as in the form) → Japanese message.</summary>
        public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : Result;
    }

    /// <summary>Checks and stores the entry. With <c>formIsValid</c> false (model binding found errors) it only checks, so every problem is explained at once.</summary>
    public async Task<Result> HandleAsync(MapSubmissionForm form, SubmissionSource source, ClaimsPrincipal user, string? dedupeKey, CancellationToken ct, bool formIsValid = true)
    {
        var errors = new Dictionary<string, string>();
        if (form.Kind is null || !Enum.IsDefined(form.Kind.Value))
        {
            errors[nameof(form.Kind)] = "何について書くか（種類）を選んでください。";
        }

        if (!form.Consent)
        {
            errors[nameof(form.Consent)] = "「だれが読むか」を確かめて、同意の欄にチェックを入れてください。";
        }

        if (string.IsNullOrWhiteSpace(form.Text))
        {
            errors[nameof(form.Text)] = "内容を入力してください。";
        }

        if (form.Latitude.HasValue != form.Longitude.HasValue
            || form.Latitude is double lat && form.Longitude is double lng && !options.Value.InBounds(lat, lng))
        {
            errors[nameof(form.Latitude)] = "地図の点が対象の地域の外です。地図でもう一度選ぶか、地域を選んでください。";
        }

        int? areaId = null;
        if (form.AreaId is int chosen)
        {
            areaId = await db.Areas.AnyAsync(a => a.Id == chosen, ct) ? chosen : null;
            if (areaId is null)
            {
                errors[nameof(form.AreaId)] = "地域を一覧から選んでください。";
            }
        }
        else if (form.Latitude is double la && form.Longitude is double lo && !errors.ContainsKey(nameof(form.Latitude)))
        {
            areaId = await areas.LocateAsync(la, lo, ct);
        }

        if (areaId is null && !errors.ContainsKey(nameof(form.AreaId)))
        {
            errors[nameof(form.AreaId)] = "地域を選んでください。わからないときは、市町村を選んでください。";
        }

        if (errors.Count > 0 || !formIsValid)
        {
            return new Result.Invalid(errors);
        }

        if (dedupeKey is not null && await db.Set<MapSubmission>().Where(s => s.DedupeKey == dedupeKey).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct) is Guid existing)
        {
            return new Result.Accepted(existing);
        }

        var now = clock.GetUtcNow();
        var submission = new MapSubmission
        {
            Id = Guid.NewGuid(),
            Kind = form.Kind!.Value,
            Source = source,
            Status = SubmissionStatus.New,
            AreaId = areaId!.Value,
            Text = form.Text!.Trim(),
            Contact = Blank(form.Contact),
            AddressText = Blank(form.Address),
            Latitude = form.Latitude,
            Longitude = form.Longitude,
            SubmittedAt = now,
            ConsentedAt = now,
            SubmittedBy = UserGrants.TryGetUserId(user, out var userId) ? userId : null,
            DedupeKey = dedupeKey,
        };
        db.Add(submission);
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result.Accepted(submission.Id);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same form sent twice at once: the first one won.
            db.ChangeTracker.Clear();
            return new Result.Accepted(await db.Set<MapSubmission>().Where(s => s.DedupeKey == dedupeKey).Select(s => s.Id).SingleAsync(ct));
        }
    }

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
