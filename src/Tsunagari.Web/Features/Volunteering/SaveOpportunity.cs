using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Volunteering;

public sealed class OpportunityForm
{
    [Display(Name = "活動の名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Title { get; set; } = "";

    [Display(Name = "活動の内容")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(2000, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Description { get; set; } = "";

    [Display(Name = "どなたの助けになるか（個人が分かることは書かないでください）")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? HelpsWhom { get; set; }

    [Display(Name = "主催（団体名など）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string HostName { get; set; } = "";

    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }

    /// <summary>A published 居場所 in the opportunity's area subtree where it takes place.</summary>
    [Display(Name = "活動する居場所")]
    public int? PlaceId { get; set; }

    [Display(Name = "場所（集合場所など）")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? LocationText { get; set; }

    [Display(Name = "求める技能")]
    public List<int> SkillIds { get; set; } = [];

    [Display(Name = "公開する")]
    public bool IsPublished { get; set; } = true;
}

/// <summary>
/// A coordinator creates or edits an opportunity in their areas; an organizer creates one in their areas and edits only
/// their own (<see cref="OpportunityAccess"/>).
/// </summary>
public sealed class SaveOpportunity(TsunagariDbContext db, OpportunityAccess access, VenuePlaces venues, TimeProvider clock, IOutputCacheStore cache)
{
    public enum Outcome
    {
        Saved,
        NotFound,
        OutOfScope,
        UnknownSkill,
        PlaceRefused,
    }

    /// <summary>Saves; <c>Error</c> says in Japanese why a chosen place was refused (<see cref="Outcome.PlaceRefused"/>).</summary>
    public async Task<(Outcome Outcome, int Id, string? Error)> HandleAsync(ClaimsPrincipal user, int? id, OpportunityForm form, CancellationToken ct)
    {
        if (form.AreaId is not int areaId || !await access.CanCreateAsync(user, areaId, ct))
        {
            return (Outcome.OutOfScope, 0, null);
        }

        var skills = form.SkillIds.Distinct().ToList();
        if (await db.Set<Skill>().CountAsync(s => skills.Contains(s.Id), ct) != skills.Count)
        {
            return (Outcome.UnknownSkill, 0, null);
        }

        if (form.PlaceId is int placeId && await venues.CheckAsync(placeId, areaId, ct) is { } refused)
        {
            return (Outcome.PlaceRefused, 0, refused);
        }

        Opportunity? opportunity;
        if (id is int existing)
        {
            opportunity = await db.Set<Opportunity>().SingleOrDefaultAsync(o => o.Id == existing, ct);
            if (opportunity is null)
            {
                return (Outcome.NotFound, 0, null);
            }

            if (!await access.CanManageAsync(user, opportunity, ct))
            {
                return (Outcome.OutOfScope, 0, null);
            }
        }
        else
        {
            UserGrants.TryGetUserId(user, out var userId);
            opportunity = new Opportunity { Title = "", Description = "", HostName = "", CreatedAt = clock.GetUtcNow(), CreatedBy = userId };
            db.Add(opportunity);
        }

        opportunity.Title = form.Title.Trim();
        opportunity.Description = form.Description.Trim();
        opportunity.HelpsWhom = form.HelpsWhom?.Trim() ?? "";
        opportunity.HostName = form.HostName.Trim();
        opportunity.AreaId = areaId;
        opportunity.PlaceId = form.PlaceId;
        opportunity.LocationText = form.LocationText?.Trim() ?? "";
        opportunity.SkillIds = skills;
        opportunity.IsPublished = form.IsPublished;
        await db.SaveChangesAsync(ct);
        await cache.EvictByTagAsync(PublicPageCache.Tags.All, ct); // the home page lists open needs
        return (Outcome.Saved, opportunity.Id, null);
    }
}
