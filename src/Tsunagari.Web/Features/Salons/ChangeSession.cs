using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Salons;

public sealed class CancelSessionForm
{
    [Display(Name = "お休みの理由（住民の方に表示されます）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Reason { get; set; } = "";
}

public sealed class ChangeSessionForm
{
    [Display(Name = "開始時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? StartTime { get; set; }

    [Display(Name = "終了時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? EndTime { get; set; }

    [Display(Name = "この回だけの会場の名前（いつもの会場なら空のまま）")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? VenueName { get; set; }

    [Display(Name = "この回だけの会場の住所")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? VenueAddress { get; set; }
}

public sealed class AttendanceForm
{
    [Display(Name = "参加者数（合計）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [Range(0, 10000, ErrorMessage = "{0}は{1}から{2}の数で入力してください。")]
    public int? Total { get; set; }

    [Display(Name = "65歳未満")]
    [Range(0, 10000, ErrorMessage = "{0}は{1}から{2}の数で入力してください。")]
    public int? Under65 { get; set; }

    [Display(Name = "65〜74歳")]
    [Range(0, 10000, ErrorMessage = "{0}は{1}から{2}の数で入力してください。")]
    public int? Aged65To74 { get; set; }

    [Display(Name = "75歳以上")]
    [Range(0, 10000, ErrorMessage = "{0}は{1}から{2}の数で入力してください。")]
    public int? Aged75Plus { get; set; }
}

/// <summary>
/// Staff change one session: cancel it with a reason (or take the cancellation back), change its time or venue, or
/// record how many came. Each is one small update of one row, after the salon-level permission check.
/// </summary>
public sealed class ChangeSession(TsunagariDbContext db, SalonAccess access, IOutputCacheStore cache, TimeProvider clock)
{
    public enum Result
    {
        Saved,
        NotFound,
        Forbidden,
        Invalid,
    }

    public async Task<(Result Result, SalonSession? Session)> FindAsync(ClaimsPrincipal user, int salonId, DateOnly date, CancellationToken ct)
    {
        var session = await db.Set<SalonSession>().Include(s => s.Salon).SingleOrDefaultAsync(s => s.SalonId == salonId && s.Date == date, ct);
        if (session is null)
        {
            return (Result.NotFound, null);
        }

        return await access.CanManageAsync(user, session.Salon!, ct) ? (Result.Saved, session) : (Result.Forbidden, null);
    }

    public Task<Result> CancelAsync(ClaimsPrincipal user, int salonId, DateOnly date, CancelSessionForm form, CancellationToken ct) =>
        UpdateAsync(user, salonId, date, session =>
        {
            session.IsCancelled = true;
            session.CancelReason = form.Reason.Trim();
            return true;
        }, ct);

    public Task<Result> RestoreAsync(ClaimsPrincipal user, int salonId, DateOnly date, CancellationToken ct) =>
        UpdateAsync(user, salonId, date, session =>
        {
            session.IsCancelled = false;
            session.CancelReason = null;
            return true;
        }, ct);

    public Task<Result> ChangeAsync(ClaimsPrincipal user, int salonId, DateOnly date, ChangeSessionForm form, CancellationToken ct) =>
        UpdateAsync(user, salonId, date, session =>
        {
            if (form.EndTime <= form.StartTime)
            {
                return false;
            }

            session.StartTime = form.StartTime!.Value;
            session.EndTime = form.EndTime!.Value;
            session.TimeChanged = session.StartTime != session.Salon!.StartTime || session.EndTime != session.Salon.EndTime;
            session.VenueName = string.IsNullOrWhiteSpace(form.VenueName) ? null : form.VenueName.Trim();
            session.VenueAddress = session.VenueName is null || string.IsNullOrWhiteSpace(form.VenueAddress) ? null : form.VenueAddress.Trim();
            return true;
        }, ct);

    public Task<Result> RecordAttendanceAsync(ClaimsPrincipal user, int salonId, DateOnly date, AttendanceForm form, CancellationToken ct) =>
        UpdateAsync(user, salonId, date, session =>
        {
            var bands = new[] { form.Under65, form.Aged65To74, form.Aged75Plus };
            var anyBand = bands.Any(b => b is not null);
            if (anyBand && (bands.Any(b => b is null) || bands.Sum() != form.Total))
            {
                return false;
            }

            if (session.Date > JapanTime.Today(clock))
            {
                return false;
            }

            session.Attendance = form.Total;
            (session.AttendanceUnder65, session.Attendance65To74, session.Attendance75Plus) = anyBand ? (form.Under65, form.Aged65To74, form.Aged75Plus) : (null, null, null);
            session.AttendanceRecordedAt = clock.GetUtcNow();
            return true;
        }, ct);

    private async Task<Result> UpdateAsync(ClaimsPrincipal user, int salonId, DateOnly date, Func<SalonSession, bool> change, CancellationToken ct)
    {
        var (result, session) = await FindAsync(user, salonId, date, ct);
        if (session is null)
        {
            return result;
        }

        if (!change(session))
        {
            return Result.Invalid;
        }

        session.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await cache.EvictByTagAsync(SalonsSetup.CacheTag, ct);
        return Result.Saved;
    }
}
