using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Volunteering;

public sealed class ShiftForm : IValidatableObject
{
    [Display(Name = "日付")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public DateOnly? Date { get; set; }

    [Display(Name = "開始時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? StartTime { get; set; }

    [Display(Name = "終了時刻")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public TimeOnly? EndTime { get; set; }

    [Display(Name = "定員（人）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [Range(1, 1000, ErrorMessage = "{0}は{1}から{2}の間で入力してください。")]
    public int? Slots { get; set; } = 1;

    [Display(Name = "くり返し（毎週同じ曜日・何週分）")]
    [Range(1, RecurringShifts.MaxWeeks, ErrorMessage = "{0}は{1}から{2}の間で入力してください。")]
    public int Weeks { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StartTime is { } start && EndTime is { } end && end <= start)
        {
            yield return new ValidationResult("終了時刻は開始時刻より後にしてください。", [nameof(EndTime)]);
        }
    }
}

/// <summary>
/// Adds one shift, or the same shift every week for the next weeks (毎週火曜の送迎), to an opportunity the user may run
/// (<see cref="OpportunityAccess.CanManageAsync"/>).
/// </summary>
public sealed class AddShifts(TsunagariDbContext db, OpportunityAccess access, TimeProvider clock, IOutputCacheStore cache)
{
    public enum Outcome
    {
        Added,
        NotFound,
        OutOfScope,

        /// <summary>The first date is already past: nothing was added.</summary>
        Past,
    }

    /// <summary>The outcome and the number of shifts added.</summary>
    public async Task<(Outcome Outcome, int Added)> HandleAsync(ClaimsPrincipal user, int opportunityId, ShiftForm form, CancellationToken ct)
    {
        var opportunity = await db.Set<Opportunity>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == opportunityId, ct);
        if (opportunity is null)
        {
            return (Outcome.NotFound, 0);
        }

        if (!await access.CanManageAsync(user, opportunity, ct))
        {
            return (Outcome.OutOfScope, 0);
        }

        var dates = RecurringShifts.Dates(form.Date!.Value, form.Date.Value.DayOfWeek, form.Weeks);
        var now = clock.GetUtcNow();
        var shifts = dates
            .Select(d => new Shift
            {
                OpportunityId = opportunityId,
                StartsAt = JapanTime.ToInstant(d, form.StartTime!.Value).ToUniversalTime(),
                EndsAt = JapanTime.ToInstant(d, form.EndTime!.Value).ToUniversalTime(),
                Slots = form.Slots!.Value,
            })
            .Where(s => s.StartsAt > now)
            .ToList();
        if (shifts.Count == 0)
        {
            return (Outcome.Past, 0);
        }

        db.AddRange(shifts);
        await db.SaveChangesAsync(ct);
        await cache.EvictByTagAsync(PublicPageCache.Tags.All, ct); // the home page lists open needs
        return (Outcome.Added, shifts.Count);
    }
}
