using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons.Scheduling;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Salons;

/// <summary>The salon and its schedule, as staff fill it in.</summary>
public sealed class SalonForm
{
    /// <summary>Set when the form is first shown; a second submit of the same new-salon form finds the first salon.</summary>
    public Guid SubmissionId { get; set; }

    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }

    [Display(Name = "サロンの名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Name { get; set; } = "";

    [Display(Name = "主催する団体の名前")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? HostName { get; set; }

    [Display(Name = "紹介文")]
    [StringLength(2000, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Description { get; set; }

    [Display(Name = "対象")]
    public string ForWhom { get; set; } = SalonAudiences.Everyone;

    [Display(Name = "参加費")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Fee { get; set; }

    [Display(Name = "定員")]
    [Range(1, 10000, ErrorMessage = "{0}は{1}から{2}の数で入力してください。")]
    public int? Capacity { get; set; }

    /// <summary>A published 居場所 in the salon's area subtree; when set, its name is the venue name.</summary>
    [Display(Name = "会場にする居場所")]
    public int? PlaceId { get; set; }

    /// <summary>The venue in words, for places not listed as a 居場所 (required when no place is chosen).</summary>
    [Display(Name = "会場の名前")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? VenueName { get; set; }

    [Display(Name = "会場の住所")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? VenueAddress { get; set; }

    [Display(Name = "公開する")]
    public bool IsPublic { get; set; } = true;

    [Display(Name = "くり返し")]
    public ScheduleKind ScheduleKind { get; set; } = ScheduleKind.Weekly;

    [Display(Name = "曜日")]
    public List<int> Weekdays { get; set; } = [];

    [Display(Name = "第何週")]
    public List<int> WeekOrdinals { get; set; } = [];

    [Display(Name = "日にち")]
    [Range(1, 31, ErrorMessage = "{0}は{1}から{2}の数で入力してください。")]
    public int? DayOfMonth { get; set; }

    [Display(Name = "開始時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? StartTime { get; set; }

    [Display(Name = "終了時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? EndTime { get; set; }

    [Display(Name = "はじまりの日")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public DateOnly? StartDate { get; set; }

    [Display(Name = "おわりの日")]
    public DateOnly? EndDate { get; set; }

    [Display(Name = "追加で開く日")]
    [StringLength(2000)]
    public string? ExtraDates { get; set; }

    [Display(Name = "お休みにする日")]
    [StringLength(2000)]
    public string? ExceptionDates { get; set; }

    [Display(Name = "祝日の扱い")]
    public HolidayRule HolidayRule { get; set; } = HolidayRule.Skip;

    public static SalonForm From(Salon salon) => new()
    {
        AreaId = salon.AreaId,
        Name = salon.Name,
        HostName = salon.HostName,
        Description = salon.Description,
        ForWhom = salon.ForWhom,
        Fee = salon.Fee,
        Capacity = salon.Capacity,
        PlaceId = salon.PlaceId,
        VenueName = salon.VenueName,
        VenueAddress = salon.VenueAddress,
        IsPublic = salon.IsPublic,
        ScheduleKind = salon.ScheduleKind,
        Weekdays = [.. salon.Weekdays],
        WeekOrdinals = [.. salon.WeekOrdinals],
        DayOfMonth = salon.DayOfMonth,
        StartTime = salon.StartTime,
        EndTime = salon.EndTime,
        StartDate = salon.StartDate,
        EndDate = salon.EndDate,
        ExtraDates = string.Join("\n", salon.ExtraDates.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        ExceptionDates = string.Join("\n", salon.ExceptionDates.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        HolidayRule = salon.HolidayRule,
    };
}

/// <summary>Creates or edits a salon and re-plans its future sessions in the same transaction.</summary>
public sealed class SaveSalon(
    TsunagariDbContext db,
    SalonAccess access,
    SalonSessionPlanner planner,
    VenuePlaces venues,
    IOutputCacheStore cache,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    public abstract record Result
    {
        public sealed record Saved(int SalonId) : Result;

        public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Errors) : Result;

        public sealed record NotFound : Result;

        public sealed record Forbidden : Result;
    }

    public async Task<Result> HandleAsync(ClaimsPrincipal user, int? salonId, SalonForm form, CancellationToken ct)
    {
        var errors = Validate(form, out var extras, out var exceptions);
        if (errors.Count > 0)
        {
            return new Result.Invalid(errors);
        }

        if (!await access.CanCreateInAsync(user, form.AreaId!.Value, ct))
        {
            return new Result.Forbidden();
        }

        string? placeName = null;
        if (form.PlaceId is int placeId)
        {
            if (await venues.CheckAsync(placeId, form.AreaId!.Value, ct) is { } refused)
            {
                return new Result.Invalid([(nameof(form.PlaceId), refused)]);
            }

            placeName = (await venues.ForDisplayAsync(placeId, ct))?.Name;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            var result = await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                Salon? salon;
                var now = clock.GetUtcNow();
                if (salonId is int id)
                {
                    await planner.LockAsync(id, ct);
                    salon = await db.Set<Salon>().SingleOrDefaultAsync(s => s.Id == id, ct);
                    if (salon is null)
                    {
                        return (Result)new Result.NotFound();
                    }

                    if (!await access.CanManageAsync(user, salon, ct))
                    {
                        return new Result.Forbidden();
                    }
                }
                else
                {
                    UserGrants.TryGetUserId(user, out var me);
                    salon = new Salon { Name = form.Name, VenueName = "", OrganizerUserId = me, CreatedAt = now, CreationToken = form.SubmissionId == Guid.Empty ? null : form.SubmissionId };
                    db.Add(salon);
                }

                Apply(form, salon, extras, exceptions);
                // Calendars, feeds and open data show the venue name: with a place chosen, it is the place's public name.
                salon.VenueName = placeName ?? salon.VenueName;
                salon.UpdatedAt = now;
                await db.SaveChangesAsync(ct);
                await planner.PlanAsync(salon, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return new Result.Saved(salon.Id);
            });
            if (result is Result.Saved)
            {
                await cache.EvictByTagAsync(SalonsSetup.CacheTag, ct);
            }

            return result;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && salonId is null)
        {
            // The same new-salon form sent twice: the first one made the salon.
            db.ChangeTracker.Clear();
            var existing = await db.Set<Salon>().Where(s => s.CreationToken == form.SubmissionId).Select(s => s.Id).SingleAsync(ct);
            return new Result.Saved(existing);
        }
    }

    private static void Apply(SalonForm form, Salon salon, List<DateOnly> extras, List<DateOnly> exceptions)
    {
        salon.AreaId = form.AreaId!.Value;
        salon.Name = form.Name.Trim();
        salon.HostName = string.IsNullOrWhiteSpace(form.HostName) ? null : form.HostName.Trim();
        salon.Description = form.Description?.Trim() ?? "";
        salon.ForWhom = form.ForWhom;
        salon.Fee = form.Fee?.Trim() ?? "";
        salon.Capacity = form.Capacity;
        salon.PlaceId = form.PlaceId;
        salon.VenueName = form.VenueName?.Trim() ?? "";
        salon.VenueAddress = form.VenueAddress?.Trim() ?? "";
        salon.IsPublic = form.IsPublic;
        salon.ScheduleKind = form.ScheduleKind;
        salon.Weekdays = form.ScheduleKind is ScheduleKind.Weekly or ScheduleKind.MonthlyByWeekday ? [.. form.Weekdays.Distinct().Order()] : [];
        salon.WeekOrdinals = form.ScheduleKind == ScheduleKind.MonthlyByWeekday ? [.. form.WeekOrdinals.Distinct().Order()] : [];
        salon.DayOfMonth = form.ScheduleKind == ScheduleKind.MonthlyByDate ? form.DayOfMonth : null;
        salon.StartTime = form.StartTime!.Value;
        salon.EndTime = form.EndTime!.Value;
        salon.StartDate = form.StartDate!.Value;
        salon.EndDate = form.EndDate;
        salon.ExtraDates = [.. extras];
        salon.ExceptionDates = [.. exceptions];
        salon.HolidayRule = form.HolidayRule;
    }

    private List<(string Field, string Message)> Validate(SalonForm form, out List<DateOnly> extras, out List<DateOnly> exceptions)
    {
        var errors = new List<(string, string)>();
        extras = ParseDates(form.ExtraDates, nameof(form.ExtraDates), l["追加で開く日"], errors);
        exceptions = ParseDates(form.ExceptionDates, nameof(form.ExceptionDates), l["お休みにする日"], errors);
        if (form.AreaId is null)
        {
            errors.Add((nameof(form.AreaId), l["地域を選んでください。"]));
        }

        if (form.PlaceId is null && string.IsNullOrWhiteSpace(form.VenueName))
        {
            errors.Add((nameof(form.VenueName), l["会場にする居場所を選ぶか、会場の名前を入力してください。"]));
        }

        if (!SalonAudiences.All.Contains(form.ForWhom))
        {
            errors.Add((nameof(form.ForWhom), l["対象を一覧から選んでください。"]));
        }

        if (!Enum.IsDefined(form.ScheduleKind))
        {
            errors.Add((nameof(form.ScheduleKind), l["くり返しを一覧から選んでください。"]));
        }

        if (!Enum.IsDefined(form.HolidayRule))
        {
            errors.Add((nameof(form.HolidayRule), l["祝日の扱いを一覧から選んでください。"]));
        }

        if (form.Weekdays.Any(d => d is < 0 or > 6) || form.WeekOrdinals.Any(o => o is not (>= 1 and <= 5) and not Recurrence.LastWeek))
        {
            errors.Add((nameof(form.Weekdays), l["曜日と週を一覧から選んでください。"]));
        }

        switch (form.ScheduleKind)
        {
            case ScheduleKind.Weekly when form.Weekdays.Count == 0:
                errors.Add((nameof(form.Weekdays), l["毎週開く曜日を選んでください。"]));
                break;
            case ScheduleKind.MonthlyByWeekday when form.Weekdays.Count == 0 || form.WeekOrdinals.Count == 0:
                errors.Add((nameof(form.WeekOrdinals), l["第何週の何曜日に開くかを選んでください。"]));
                break;
            case ScheduleKind.MonthlyByDate when form.DayOfMonth is null:
                errors.Add((nameof(form.DayOfMonth), l["毎月何日に開くかを入力してください。"]));
                break;
            case ScheduleKind.DatesOnly when extras.Count == 0:
                errors.Add((nameof(form.ExtraDates), l["開く日を1つ以上入力してください。"]));
                break;
        }

        if (form.StartTime is { } start && form.EndTime is { } end && end <= start)
        {
            errors.Add((nameof(form.EndTime), l["終了時刻は開始時刻より後にしてください。"]));
        }

        if (form.StartDate is { } first && (first < EarliestDate || first > LatestDate))
        {
            errors.Add((nameof(form.StartDate), l["はじまりの日は2000年から2099年の間で入力してください。"]));
        }

        if (form.EndDate is { } last && (last > LatestDate || (form.StartDate is { } from && last < from)))
        {
            errors.Add((nameof(form.EndDate), l["おわりの日は、はじまりの日より後（2099年まで）にしてください。"]));
        }

        return errors;
    }

    private List<DateOnly> ParseDates(string? text, string field, string label, List<(string, string)> errors)
    {
        var dates = new List<DateOnly>();
        foreach (var part in (text ?? "").Split(['\n', '\r', ',', '、', ' ', '　'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalised = part.Normalize(System.Text.NormalizationForm.FormKC).Replace('/', '-');
            if (DateOnly.TryParseExact(normalised, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && date >= EarliestDate && date <= LatestDate)
            {
                dates.Add(date);
            }
            else
            {
                errors.Add((field, l["{0}の「{1}」は日付として読めません。2026-12-24 のように書いてください。", label, part]));
                break;
            }
        }

        if (dates.Count > 100)
        {
            errors.Add((field, l["{0}は100日までにしてください。", label]));
        }

        return dates.Distinct().Order().ToList();
    }
}
