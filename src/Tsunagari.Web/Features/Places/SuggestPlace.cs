using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Places;

/// <summary>A resident tells us about a place (no sign-in needed). It waits, unseen, until a coordinator approves it.</summary>
public sealed class SuggestPlaceForm
{
    [Display(Name = "場所の名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Name { get; set; } = "";

    [Display(Name = "種類")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public string CategoryCode { get; set; } = "";

    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }

    [Display(Name = "どんな場所ですか")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(1000, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Description { get; set; } = "";

    [Display(Name = "いつ開いていますか（わかれば）")]
    [StringLength(300, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? ScheduleText { get; set; }

    [Display(Name = "場所（町名まで。わかれば）")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? AddressArea { get; set; }

    public Guid SubmissionKey { get; set; }
}

public sealed class SuggestPlace(TsunagariDbContext db, PlaceHistory history, TimeProvider clock)
{
    public enum Outcome
    {
        Received,
        UnknownArea,
        UnknownCategory,
    }

    public async Task<Outcome> HandleAsync(ClaimsPrincipal user, SuggestPlaceForm form, CancellationToken ct)
    {
        if (form.SubmissionKey != Guid.Empty && await db.Set<Place>().AnyAsync(p => p.SubmissionKey == form.SubmissionKey, ct))
        {
            return Outcome.Received;
        }

        if (form.AreaId is not int areaId || !await db.Areas.AnyAsync(a => a.Id == areaId, ct))
        {
            return Outcome.UnknownArea;
        }

        if (!await db.Set<PlaceCategory>().AnyAsync(c => c.Code == form.CategoryCode, ct))
        {
            return Outcome.UnknownCategory;
        }

        var now = clock.GetUtcNow();
        var place = new Place
        {
            Name = form.Name.Trim(),
            CategoryCode = form.CategoryCode,
            AreaId = areaId,
            Description = form.Description.Trim(),
            ScheduleText = (form.ScheduleText ?? "").Trim(),
            AddressArea = (form.AddressArea ?? "").Trim(),
            Status = PlaceStatus.Pending,
            Source = PlaceSources.Suggestion,
            EnteredBy = UserGrants.TryGetUserId(user, out var id) ? id : null,
            SubmissionKey = form.SubmissionKey == Guid.Empty ? Guid.NewGuid() : form.SubmissionKey,
            CreatedAt = now,
            UpdatedAt = now,
            LastConfirmedAt = now,
        };
        place.RefreshSearchText();
        db.Set<Place>().Add(place);
        history.Record(place, PlaceActions.Submitted, user, "住民からの情報提供");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear(); // a double submit: the first one is saved
        }

        return Outcome.Received;
    }
}
