using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>
/// Coordinators run opportunities in their areas: create and edit, add shifts (also weekly), the roster per shift with
/// attendance and hours, CSV, signups taken by phone or on paper, and suggestions with an invitation mail.
/// Organizers create opportunities in their areas and run only their own, without the coordinator-only tools.
/// Every action asks <see cref="OpportunityAccess"/>.
/// </summary>
[Route("staff/volunteering")]
[Authorize(Policy = Policies.Staff)]
[AutoValidateAntiforgeryToken]
public sealed class StaffVolunteeringController(
    TsunagariDbContext db,
    OpportunityAccess access,
    VenuePlaces venues,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 30;

    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken ct = default)
    {
        page = Math.Clamp(page, 1, 10_000);
        var (query, hasScope) = await access.ManageableAsync(User, ct);
        query = query.AsNoTracking();
        var now = clock.GetUtcNow();
        var total = await query.CountAsync(ct);
        var opportunities = await query.OrderByDescending(o => o.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(o => new StaffOpportunityItem(o.Id, o.Title, o.Area!.Name, o.IsPublished,
                o.Shifts.Count(s => s.StartsAt > now), o.Shifts.Where(s => s.StartsAt > now).Sum(s => s.Slots - s.ConfirmedCount)))
            .ToListAsync(ct);
        var horizon = now.AddDays(30);
        var unfilled = await query.SelectMany(o => o.Shifts)
            .Where(s => s.StartsAt > now && s.StartsAt < horizon && s.ConfirmedCount < s.Slots)
            .OrderBy(s => s.StartsAt).Take(50)
            .Select(s => new UnfilledShiftItem(s.Id, s.Opportunity!.Title, s.Opportunity.Area!.Name, s.StartsAt, s.EndsAt, s.Slots, s.ConfirmedCount))
            .ToListAsync(ct);
        return View("StaffIndex", new StaffVolunteeringViewModel(opportunities, unfilled, page, (total + PageSize - 1) / PageSize, hasScope));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) => View("Edit", await EditPageAsync(null, new OpportunityForm(), ct));

    [HttpPost("new")]
    public Task<IActionResult> Create(OpportunityForm form, [FromServices] SaveOpportunity save, CancellationToken ct) => SaveAsync(null, form, save, ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var (opportunity, denied) = await LoadAsync(id, ct);
        if (opportunity is null)
        {
            return denied!;
        }

        var form = new OpportunityForm
        {
            Title = opportunity.Title, Description = opportunity.Description, HelpsWhom = opportunity.HelpsWhom, HostName = opportunity.HostName,
            AreaId = opportunity.AreaId, PlaceId = opportunity.PlaceId, LocationText = opportunity.LocationText, SkillIds = opportunity.SkillIds, IsPublished = opportunity.IsPublished,
        };
        return View(await EditPageAsync(id, form, ct));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Update(int id, OpportunityForm form, [FromServices] SaveOpportunity save, CancellationToken ct)
    {
        var (opportunity, denied) = await LoadAsync(id, ct);
        return opportunity is null ? denied! : await SaveAsync(id, form, save, ct);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Opportunity(int id, CancellationToken ct)
    {
        var (opportunity, denied) = await LoadAsync(id, ct);
        return opportunity is null ? denied! : View(await OpportunityPageAsync(opportunity, new ShiftForm(), ct));
    }

    [HttpPost("{id:int}/shifts")]
    public async Task<IActionResult> AddShifts(int id, ShiftForm form, [FromServices] AddShifts add, CancellationToken ct)
    {
        var (opportunity, denied) = await LoadAsync(id, ct);
        if (opportunity is null)
        {
            return denied!;
        }

        if (ModelState.IsValid)
        {
            var (outcome, added) = await add.HandleAsync(User, id, form, ct);
            switch (outcome)
            {
                case Volunteering.AddShifts.Outcome.Added:
                    TempData["Message"] = l["活動枠を{0}件追加しました。", added].Value;
                    return RedirectToAction(nameof(Opportunity), new { id });
                case Volunteering.AddShifts.Outcome.NotFound:
                    return NotFound();
                case Volunteering.AddShifts.Outcome.OutOfScope:
                    return Forbid();
                default:
                    ModelState.AddModelError(nameof(form.Date), l["過ぎた日時には活動枠を作れません。これからの日付を選んでください。"]);
                    break;
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Opportunity), await OpportunityPageAsync(opportunity, form, ct));
    }

    [HttpGet("shifts/{id:int}")]
    public async Task<IActionResult> Roster(int id, [FromServices] SuggestVolunteers suggest, CancellationToken ct)
    {
        var (shift, denied) = await LoadShiftAsync(id, ct);
        return shift is null ? denied! : View(await RosterPageAsync(shift, new ProxySignupForm(), suggest, ct));
    }

    [HttpPost("shifts/{id:int}/signups")]
    public async Task<IActionResult> ProxySignup(int id, ProxySignupForm form, [FromServices] SignUpForShift signUp, [FromServices] SuggestVolunteers suggest, CancellationToken ct)
    {
        var (shift, denied) = await LoadShiftAsync(id, coordinatorOnly: true, ct);
        if (shift is null)
        {
            return denied!;
        }

        if (ModelState.IsValid)
        {
            UserGrants.TryGetUserId(User, out var staffId);
            var result = await signUp.HandleAsync(new SignUpForShift.Request(id, null, form.Name, form.Email, form.Phone, form.Channel, staffId), publishedOnly: false, ct);
            string? error = result.Outcome switch
            {
                SignUpForShift.Outcome.Confirmed => null,
                SignUpForShift.Outcome.Waitlisted => null,
                SignUpForShift.Outcome.AlreadySignedUp => l["この方は、この活動枠にすでに申し込んでいます。"].Value,
                SignUpForShift.Outcome.Overlaps => l["この方は、同じ時間にほかの活動の参加が決まっています。"].Value,
                SignUpForShift.Outcome.Closed => l["この活動枠は始まっているため、申し込めません。"].Value,
                _ => l["活動枠が見つかりません。"].Value,
            };
            if (error is null)
            {
                TempData["Message"] = (result.Outcome == SignUpForShift.Outcome.Confirmed
                    ? l["{0}さんの参加を登録しました。", form.Name!]
                    : l["定員に達しているため、{0}さんをキャンセル待ち（{1}番目）で登録しました。", form.Name!, result.WaitlistRank ?? 0]).Value;
                return RedirectToAction(nameof(Roster), new { id });
            }

            ModelState.AddModelError("", error);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View(nameof(Roster), await RosterPageAsync(shift, form, suggest, ct));
    }

    [HttpPost("shifts/{id:int}/attendance")]
    public async Task<IActionResult> Attendance(int id, AttendanceForm form, CancellationToken ct)
    {
        var (shift, denied) = await LoadShiftAsync(id, ct);
        if (shift is null)
        {
            return denied!;
        }

        if (!ModelState.IsValid || form.Rows.Any(r => r.Attended is not (null or "" or "yes" or "no")))
        {
            TempData["Message"] = l["活動時間は0から24の間で入力してください。"].Value;
            return RedirectToAction(nameof(Roster), new { id });
        }

        var ids = form.Rows.Select(r => r.SignupId).ToList();
        var signups = await db.Set<ShiftSignup>().Where(s => s.ShiftId == id && ids.Contains(s.Id) && s.Status == SignupStatus.Confirmed).ToDictionaryAsync(s => s.Id, ct);
        foreach (var row in form.Rows)
        {
            if (signups.TryGetValue(row.SignupId, out var signup))
            {
                signup.Attended = row.Attended switch { "yes" => true, "no" => false, _ => null };
                signup.Hours = signup.Attended == true ? row.Hours ?? (decimal)Math.Round((shift.EndsAt - shift.StartsAt).TotalHours, 1) : null;
            }
        }

        await db.SaveChangesAsync(ct);
        TempData["Message"] = l["出欠と活動時間を保存しました。"].Value;
        return RedirectToAction(nameof(Roster), new { id });
    }

    [HttpGet("shifts/{id:int}/roster.csv")]
    public async Task<IActionResult> RosterCsv(int id, CancellationToken ct)
    {
        var (shift, denied) = await LoadShiftAsync(id, ct);
        if (shift is null)
        {
            return denied!;
        }

        var rows = await RosterAsync(id, ct);
        var csv = new StringBuilder();
        csv.Append("名前,状態,キャンセル待ちの順番,メール,電話,受付方法,出欠,活動時間\r\n");
        foreach (var r in rows)
        {
            csv.Append(string.Join(',', new[]
            {
                r.DisplayName, StatusLabel(r.Status), r.WaitlistPosition?.ToString(CultureInfo.InvariantCulture) ?? "", r.Email ?? r.User?.Email ?? "", r.Phone ?? "",
                ChannelLabel(r.Channel), r.Attended switch { true => "出席", false => "欠席", _ => "" }, r.Hours?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
            }.Select(Cell))).Append("\r\n");
        }

        var name = $"roster-{id}-{shift.StartsAt.ToJapan():yyyyMMdd}.csv";
        return File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())], "text/csv; charset=utf-8", name);
    }

    [HttpPost("shifts/{id:int}/invite")]
    public async Task<IActionResult> Invite(int id, Guid userId, [FromServices] SuggestVolunteers suggest, [FromServices] VolunteerMails mails, CancellationToken ct)
    {
        var (shift, denied) = await LoadShiftAsync(id, coordinatorOnly: true, ct);
        if (shift is null)
        {
            return denied!;
        }

        // Only people the page suggested (profile accepts invitations, fits, free at that time) can be invited.
        var suggestion = (await suggest.HandleAsync(shift, shift.Opportunity!, ct)).FirstOrDefault(s => s.Candidate.UserId == userId);
        var user = suggestion is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user?.Email is null)
        {
            return NotFound();
        }

        mails.QueueInvitation(user.Email, user.DisplayName, shift, shift.Opportunity!);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = l["{0}さんにお誘いのメールを送りました。", user.DisplayName].Value;
        return RedirectToAction(nameof(Roster), new { id });
    }

    [HttpPost("signups/{id:guid}/cancel")]
    public async Task<IActionResult> CancelSignup(Guid id, [FromServices] CancelSignup cancel, CancellationToken ct)
    {
        var shiftId = await db.Set<ShiftSignup>().Where(s => s.Id == id).Select(s => (int?)s.ShiftId).SingleOrDefaultAsync(ct);
        if (shiftId is null)
        {
            return NotFound();
        }

        var (shift, denied) = await LoadShiftAsync(shiftId.Value, coordinatorOnly: true, ct);
        if (shift is null)
        {
            return denied!;
        }

        await cancel.HandleAsync(id, ct);
        TempData["Message"] = l["申し込みを取り消しました。キャンセル待ちの方がいれば、先頭の方の参加が決まり、メールが送られます。"].Value;
        return RedirectToAction(nameof(Roster), new { id = shiftId });
    }

    public static string StatusLabel(string status) => status switch
    {
        SignupStatus.Confirmed => "参加",
        SignupStatus.Waitlisted => "キャンセル待ち",
        _ => "取り消し",
    };

    public static string ChannelLabel(string channel) => channel switch
    {
        SignupChannel.Phone => "電話",
        SignupChannel.Paper => "紙",
        SignupChannel.Api => "API",
        _ => "ウェブ",
    };

    /// <summary>Spreadsheet-safe cell: quoted, and a leading = + - @ neutralised so no formula runs.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private async Task<IActionResult> SaveAsync(int? id, OpportunityForm form, SaveOpportunity save, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var (outcome, savedId, error) = await save.HandleAsync(User, id, form, ct);
            switch (outcome)
            {
                case SaveOpportunity.Outcome.Saved:
                    TempData["Message"] = l["保存しました。"].Value;
                    return RedirectToAction(nameof(Opportunity), new { id = savedId });
                case SaveOpportunity.Outcome.NotFound:
                    return NotFound();
                case SaveOpportunity.Outcome.UnknownSkill:
                    ModelState.AddModelError(nameof(form.SkillIds), l["技能を一覧から選んでください。"]);
                    break;
                case SaveOpportunity.Outcome.PlaceRefused:
                    ModelState.AddModelError(nameof(form.PlaceId), error!);
                    break;
                default:
                    ModelState.AddModelError(nameof(form.AreaId), l["この地域のボランティア募集を管理する権限がありません。"]);
                    Response.StatusCode = StatusCodes.Status403Forbidden;
                    return View("Edit", await EditPageAsync(id, form, ct));
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", await EditPageAsync(id, form, ct));
    }

    /// <summary>The opportunity, or the answer to give: 404 when unknown, 403 when outside the user's areas.</summary>
    private async Task<(Opportunity? Opportunity, IActionResult? Denied)> LoadAsync(int id, CancellationToken ct)
    {
        var opportunity = await db.Set<Opportunity>().AsNoTracking().Include(o => o.Area).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (opportunity is null)
        {
            return (null, NotFound());
        }

        return await access.CanManageAsync(User, opportunity, ct) ? (opportunity, null) : (null, Forbid());
    }

    private Task<(Shift? Shift, IActionResult? Denied)> LoadShiftAsync(int id, CancellationToken ct) => LoadShiftAsync(id, coordinatorOnly: false, ct);

    /// <summary>The shift with its opportunity; <paramref name="coordinatorOnly"/> for the tools organizers do not get.</summary>
    private async Task<(Shift? Shift, IActionResult? Denied)> LoadShiftAsync(int id, bool coordinatorOnly, CancellationToken ct)
    {
        var shift = await db.Set<Shift>().AsNoTracking().Include(s => s.Opportunity).ThenInclude(o => o!.Area).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (shift is null)
        {
            return (null, NotFound());
        }

        var allowed = coordinatorOnly
            ? await access.CanCoordinateAsync(User, shift.Opportunity!, ct)
            : await access.CanManageAsync(User, shift.Opportunity!, ct);
        return allowed ? (shift, null) : (null, Forbid());
    }

    private async Task<OpportunityEditViewModel> EditPageAsync(int? id, OpportunityForm form, CancellationToken ct)
    {
        var inScope = await access.AreasForCreatingAsync(User, ct);
        var skills = await db.Set<Skill>().AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);
        return new OpportunityEditViewModel(id, form, inScope, skills) { Places = await venues.OptionsAsync(inScope, ct) };
    }

    private async Task<StaffOpportunityViewModel> OpportunityPageAsync(Opportunity opportunity, ShiftForm form, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var shifts = await db.Set<Shift>().AsNoTracking().Where(s => s.OpportunityId == opportunity.Id)
            .OrderByDescending(s => s.StartsAt > now).ThenBy(s => s.StartsAt).Take(200).ToListAsync(ct);
        var skills = await db.Set<Skill>().AsNoTracking().Where(s => opportunity.SkillIds.Contains(s.Id)).Select(s => s.Name).ToListAsync(ct);
        return new StaffOpportunityViewModel(opportunity, skills, shifts, form, now);
    }

    private Task<List<ShiftSignup>> RosterAsync(int shiftId, CancellationToken ct) =>
        db.Set<ShiftSignup>().AsNoTracking().Include(s => s.User).Where(s => s.ShiftId == shiftId)
            .OrderBy(s => s.Status == SignupStatus.Confirmed ? 0 : s.Status == SignupStatus.Waitlisted ? 1 : 2)
            .ThenBy(s => s.WaitlistPosition).ThenBy(s => s.CreatedAt)
            .ToListAsync(ct);

    private async Task<RosterViewModel> RosterPageAsync(Shift shift, ProxySignupForm form, SuggestVolunteers suggest, CancellationToken ct)
    {
        var roster = await RosterAsync(shift.Id, ct);
        var enteredByIds = roster.Where(r => r.EnteredBy != null).Select(r => r.EnteredBy!.Value).Distinct().ToList();
        var enteredBy = await db.Users.AsNoTracking().Where(u => enteredByIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var canCoordinate = await access.CanCoordinateAsync(User, shift.Opportunity!, ct);
        var open = canCoordinate && shift.ConfirmedCount < shift.Slots && shift.StartsAt > clock.GetUtcNow();
        var suggestions = open ? await suggest.HandleAsync(shift, shift.Opportunity!, ct) : [];
        return new RosterViewModel(shift, roster, enteredBy, form, canCoordinate, open, suggestions);
    }
}

public sealed record StaffOpportunityItem(int Id, string Title, string AreaName, bool IsPublished, int UpcomingShifts, int OpenSlots);

public sealed record UnfilledShiftItem(int Id, string Title, string AreaName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Slots, int Confirmed);

public sealed record StaffVolunteeringViewModel(IReadOnlyList<StaffOpportunityItem> Opportunities, IReadOnlyList<UnfilledShiftItem> Unfilled, int Page, int PageCount, bool HasScope);

public sealed record OpportunityEditViewModel(int? Id, OpportunityForm Form, IReadOnlyList<AreaListItem> Areas, IReadOnlyList<Skill> Skills)
{
    /// <summary>Published places the opportunity may be linked to.</summary>
    public IReadOnlyList<VenuePlaceOption> Places { get; init; } = [];
}

public sealed record StaffOpportunityViewModel(Opportunity Opportunity, IReadOnlyList<string> SkillNames, IReadOnlyList<Shift> Shifts, ShiftForm Form, DateTimeOffset Now);

public sealed record RosterViewModel(
    Shift Shift, IReadOnlyList<ShiftSignup> Signups, IReadOnlyDictionary<Guid, string> EnteredBy, ProxySignupForm Form, bool CanCoordinate, bool ShowSuggestions,
    IReadOnlyList<VolunteerMatching.Suggestion> Suggestions);
