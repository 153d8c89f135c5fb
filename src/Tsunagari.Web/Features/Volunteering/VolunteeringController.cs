using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>Public volunteering pages: find opportunities, sign up, cancel by link, and the volunteer's own page.</summary>
[Route("volunteer")]
[AutoValidateAntiforgeryToken]
public sealed class VolunteeringController(
    TsunagariDbContext db,
    AreaTree areas,
    VenuePlaces venues,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 20;

    [HttpGet("")]
    public async Task<IActionResult> Index(int? skill, int? area, DateOnly? from, int page = 1, CancellationToken ct = default)
    {
        page = Math.Clamp(page, 1, 10_000);
        var query = new OpportunityQuery(db, areas, clock);
        var (items, total) = await query.SearchAsync(skill, area, from, (page - 1) * PageSize, PageSize, ct);
        return View(new OpportunityIndexViewModel(items, await SkillsAsync(ct), await AreaChoicesAsync(ct), skill, area, from, page, (total + PageSize - 1) / PageSize));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var opportunity = await db.Set<Opportunity>().AsNoTracking().Include(o => o.Area)
            .SingleOrDefaultAsync(o => o.Id == id && o.IsPublished, ct);
        if (opportunity is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var shifts = await db.Set<Shift>().AsNoTracking().Where(s => s.OpportunityId == id && s.StartsAt > now)
            .OrderBy(s => s.StartsAt).Take(60).ToListAsync(ct);
        var mine = new Dictionary<int, ShiftSignup>();
        if (UserGrants.TryGetUserId(User, out var userId))
        {
            var ids = shifts.Select(s => s.Id).ToList();
            mine = await db.Set<ShiftSignup>().AsNoTracking()
                .Where(s => s.UserId == userId && ids.Contains(s.ShiftId) && s.Status != SignupStatus.Cancelled)
                .ToDictionaryAsync(s => s.ShiftId, ct);
        }

        var skills = await SkillsAsync(ct);
        return View(new OpportunityDetailsViewModel(opportunity, skills.Where(s => opportunity.SkillIds.Contains(s.Id)).Select(s => s.Name).ToList(), shifts, mine)
        {
            Place = await venues.ForDisplayAsync(opportunity.PlaceId, ct),
        });
    }

    [HttpGet("shifts/{id:int}/signup")]
    public async Task<IActionResult> Signup(int id, CancellationToken ct)
    {
        var model = await SignupPageAsync(id, new GuestSignupForm(), ct);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("shifts/{id:int}/signup")]
    [EnableRateLimiting(RateLimits.PublicPost)]
    public async Task<IActionResult> Signup(int id, GuestSignupForm form, [FromServices] SignUpForShift signUp, CancellationToken ct)
    {
        var signedIn = UserGrants.TryGetUserId(User, out var userId);
        if (signedIn)
        {
            ModelState.Clear();
        }

        var model = await SignupPageAsync(id, form, ct);
        if (model is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(model);
        }

        var request = signedIn
            ? new SignUpForShift.Request(id, userId, null, null, null, SignupChannel.Web)
            : new SignUpForShift.Request(id, null, form.Name, form.Email, form.Phone, SignupChannel.Web);
        var result = await signUp.HandleAsync(request, publishedOnly: true, ct);
        switch (result.Outcome)
        {
            case SignUpForShift.Outcome.NotFound:
                return NotFound();
            case SignUpForShift.Outcome.Overlaps:
                ModelState.AddModelError("", l["同じ時間に、ほかの活動の参加がすでに決まっています。そちらを取り消してから申し込んでください。"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(model);
            case SignUpForShift.Outcome.Closed:
                ModelState.AddModelError("", l["この日時の受付は終わりました。"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(model);
            default:
                return RedirectToAction(nameof(Done), new { shift = id, status = result.Status, rank = result.WaitlistRank, again = result.Outcome == SignUpForShift.Outcome.AlreadySignedUp ? 1 : (int?)null, mail = !signedIn && string.IsNullOrWhiteSpace(form.Email) ? 0 : 1 });
        }
    }

    [HttpGet("signups/done")]
    public async Task<IActionResult> Done(int shift, string? status, int? rank, int? again, int mail = 1, CancellationToken ct = default)
    {
        var item = await db.Set<Shift>().AsNoTracking().Include(s => s.Opportunity).SingleOrDefaultAsync(s => s.Id == shift, ct);
        if (item is null || status is not (SignupStatus.Confirmed or SignupStatus.Waitlisted))
        {
            return NotFound();
        }

        return View(new SignupDoneViewModel(item, status, rank, again == 1, mail == 1));
    }

    [HttpGet("signups/cancel")]
    public async Task<IActionResult> Cancel(string? token, [FromServices] SignedLinks links, CancellationToken ct)
    {
        var signup = await FromTokenAsync(token, links, ct);
        if (signup is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("CancelInvalid");
        }

        return View(new CancelViewModel(signup, token!, Done: false));
    }

    [HttpPost("signups/cancel")]
    public async Task<IActionResult> CancelConfirmed([FromForm] string? token, [FromServices] SignedLinks links, [FromServices] CancelSignup cancel, CancellationToken ct)
    {
        var signup = await FromTokenAsync(token, links, ct);
        if (signup is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("CancelInvalid");
        }

        await cancel.HandleAsync(signup.Id, ct);
        return View("Cancel", new CancelViewModel(signup, token!, Done: true));
    }

    [HttpGet("me")]
    [Authorize]
    public async Task<IActionResult> Me(CancellationToken ct) => View(await MePageAsync(null, ct));

    [HttpPost("me")]
    [Authorize]
    public async Task<IActionResult> SaveProfile(VolunteerProfileForm form, CancellationToken ct)
    {
        UserGrants.TryGetUserId(User, out var userId);
        var skills = await SkillsAsync(ct);
        var validAreas = (await AreaChoicesAsync(ct)).Select(a => a.Id).ToHashSet();
        if (form.SkillIds.Any(s => skills.All(k => k.Id != s)) || form.AreaIds.Any(a => !validAreas.Contains(a))
            || form.Weekdays.Any(d => d is < 0 or > 6) || form.TimeBands.Any(t => t is < 0 or > 2) || form.ContactPreference is not ("email" or "phone"))
        {
            ModelState.AddModelError("", l["選べない項目が送られました。もう一度選び直してください。"]);
        }

        var phone = Contacts.NormalizePhone(form.Phone);
        if (form.ContactPreference == "phone" && !Contacts.IsPlausiblePhone(phone))
        {
            ModelState.AddModelError(nameof(form.Phone), l["電話での連絡を選んだときは、電話番号を市外局番から入力してください。"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Me", await MePageAsync(form, ct));
        }

        var profile = await db.Set<VolunteerProfile>().SingleOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null)
        {
            profile = new VolunteerProfile { UserId = userId };
            db.Add(profile);
        }

        profile.SkillIds = form.SkillIds.Distinct().Order().ToList();
        profile.AreaIds = form.AreaIds.Distinct().Order().ToList();
        profile.Weekdays = form.Weekdays.Distinct().Sum(d => 1 << d);
        profile.TimeBands = form.TimeBands.Distinct().Sum(t => 1 << t);
        profile.ContactPreference = form.ContactPreference;
        profile.Phone = phone is { Length: > 0 } ? phone : null;
        profile.AcceptsInvitations = form.AcceptsInvitations;
        profile.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // A double submit of a first profile: the other request saved it.
        }

        TempData["Message"] = l["プロフィールを保存しました。"].Value;
        return RedirectToAction(nameof(Me));
    }

    [HttpPost("me/signups/{id:guid}/cancel")]
    [Authorize]
    public async Task<IActionResult> CancelMine(Guid id, [FromServices] CancelSignup cancel, CancellationToken ct)
    {
        UserGrants.TryGetUserId(User, out var userId);
        if (!await db.Set<ShiftSignup>().AnyAsync(s => s.Id == id && s.UserId == userId, ct))
        {
            return NotFound();
        }

        await cancel.HandleAsync(id, ct);
        TempData["Message"] = l["申し込みを取り消しました。"].Value;
        return RedirectToAction(nameof(Me));
    }

    private async Task<ShiftSignup?> FromTokenAsync(string? token, SignedLinks links, CancellationToken ct)
    {
        var payload = links.Read(VolunteerMails.CancelPurpose, token);
        if (payload is null || !Guid.TryParseExact(payload, "N", out var id))
        {
            return null;
        }

        return await db.Set<ShiftSignup>().AsNoTracking().Include(s => s.User).Include(s => s.Shift).ThenInclude(s => s!.Opportunity)
            .SingleOrDefaultAsync(s => s.Id == id, ct);
    }

    private async Task<SignupPageViewModel?> SignupPageAsync(int shiftId, GuestSignupForm form, CancellationToken ct)
    {
        var shift = await db.Set<Shift>().AsNoTracking().Include(s => s.Opportunity).ThenInclude(o => o!.Area)
            .SingleOrDefaultAsync(s => s.Id == shiftId && s.Opportunity!.IsPublished, ct);
        return shift is null ? null : new SignupPageViewModel(shift, form, User.Identity?.IsAuthenticated == true, shift.StartsAt <= clock.GetUtcNow());
    }

    private async Task<VolunteerMeViewModel> MePageAsync(VolunteerProfileForm? form, CancellationToken ct)
    {
        UserGrants.TryGetUserId(User, out var userId);
        if (form is null)
        {
            var profile = await db.Set<VolunteerProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct);
            form = profile is null
                ? new VolunteerProfileForm()
                : new VolunteerProfileForm
                {
                    SkillIds = profile.SkillIds,
                    AreaIds = profile.AreaIds,
                    Weekdays = Enumerable.Range(0, 7).Where(d => (profile.Weekdays & (1 << d)) != 0).ToList(),
                    TimeBands = Enumerable.Range(0, 3).Where(t => (profile.TimeBands & (1 << t)) != 0).ToList(),
                    ContactPreference = profile.ContactPreference,
                    Phone = profile.Phone,
                    AcceptsInvitations = profile.AcceptsInvitations,
                };
        }

        var now = clock.GetUtcNow();
        var signups = await db.Set<ShiftSignup>().AsNoTracking().Include(s => s.Shift).ThenInclude(s => s!.Opportunity)
            .Where(s => s.UserId == userId && s.Status != SignupStatus.Cancelled)
            .OrderBy(s => s.StartsAt).ToListAsync(ct);
        var upcoming = signups.Where(s => s.EndsAt > now).ToList();
        var history = signups.Where(s => s.EndsAt <= now && s.Status == SignupStatus.Confirmed).OrderByDescending(s => s.StartsAt).ToList();
        return new VolunteerMeViewModel(form, await SkillsAsync(ct), await AreaChoicesAsync(ct), upcoming, history, history.Sum(s => s.Hours ?? 0));
    }

    private Task<List<Skill>> SkillsAsync(CancellationToken ct) => db.Set<Skill>().AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);

    /// <summary>Areas people choose from: everything but the finest level (町丁目), which is too fine for a list.</summary>
    private async Task<List<AreaListItem>> AreaChoicesAsync(CancellationToken ct)
    {
        var all = await areas.AllInTreeOrderAsync(ct);
        var deepest = all.Count == 0 ? 0 : all.Max(a => a.Depth);
        return all.Where(a => a.Depth > 0 && (a.Depth < deepest || deepest <= 2)).ToList();
    }

    public static string Format(DateTimeOffset instant, string pattern) =>
        instant.ToJapan().ToString(pattern, CultureInfo.GetCultureInfo("ja-JP"));
}

public sealed record OpportunityIndexViewModel(
    IReadOnlyList<OpportunityListItem> Items, IReadOnlyList<Skill> Skills, IReadOnlyList<AreaListItem> Areas,
    int? Skill, int? Area, DateOnly? From, int Page, int PageCount);

public sealed record OpportunityDetailsViewModel(Opportunity Opportunity, IReadOnlyList<string> SkillNames, IReadOnlyList<Shift> Shifts, IReadOnlyDictionary<int, ShiftSignup> Mine)
{
    /// <summary>The 居場所 it takes place at, as the public may see it; null when none is linked or it is no longer public.</summary>
    public PublicPlace? Place { get; init; }
}

public sealed record SignupPageViewModel(Shift Shift, GuestSignupForm Form, bool SignedIn, bool Closed);

public sealed record SignupDoneViewModel(Shift Shift, string Status, int? Rank, bool Again, bool Mailed);

public sealed record CancelViewModel(ShiftSignup Signup, string Token, bool Done);

public sealed record VolunteerMeViewModel(
    VolunteerProfileForm Form, IReadOnlyList<Skill> Skills, IReadOnlyList<AreaListItem> Areas,
    IReadOnlyList<ShiftSignup> Upcoming, IReadOnlyList<ShiftSignup> History, decimal TotalHours);
