using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Salons;

/// <summary>
/// Organizers keep their own salons, coordinators every salon in their area: the salon and its schedule, and each
/// session (cancel with a reason, change time or venue, record attendance).
/// </summary>
[Route("staff/salons")]
[Authorize(Policy = Policies.Staff)]
[AutoValidateAntiforgeryToken]
public sealed class SalonsStaffController(
    TsunagariDbContext db,
    SalonAccess access,
    ChangeSession sessions,
    VenuePlaces venues,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var query = await access.ManageableAsync(User, ct);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(s => s.Area!.Path).ThenBy(s => s.Name)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(s => new StaffSalonListItem(s.Id, s.Name, s.Area!.Name, s.IsPublic, s.VenueName))
            .ToListAsync(ct);
        var canCreate = (await access.AreasForCreatingAsync(User, ct)).Count > 0;
        return View("StaffIndex", new StaffSalonsViewModel(rows, canCreate, page, Math.Max(1, (total + PageSize - 1) / PageSize)));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct)
    {
        var form = new SalonForm { SubmissionId = Guid.NewGuid(), StartDate = JapanTime.Today(clock), StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(12, 0) };
        return View("Edit", await EditModelAsync(null, form, ct));
    }

    [HttpPost("new")]
    public Task<IActionResult> Create(SalonForm form, [FromServices] SaveSalon save, CancellationToken ct) => SaveAsync(null, form, save, ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var salon = await db.Set<Salon>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (salon is null)
        {
            return NotFound();
        }

        if (!await access.CanManageAsync(User, salon, ct))
        {
            return Forbid();
        }

        return View("Edit", await EditModelAsync(id, SalonForm.From(salon), ct));
    }

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Update(int id, SalonForm form, [FromServices] SaveSalon save, CancellationToken ct) => SaveAsync(id, form, save, ct);

    /// <summary>The salon's sessions: the last month and the next three, with the actions for each.</summary>
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Sessions(int id, CancellationToken ct)
    {
        var salon = await db.Set<Salon>().AsNoTracking().Include(s => s.Area).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (salon is null)
        {
            return NotFound();
        }

        if (!await access.CanManageAsync(User, salon, ct))
        {
            return Forbid();
        }

        var today = JapanTime.Today(clock);
        var rows = await db.Set<SalonSession>().AsNoTracking()
            .Where(s => s.SalonId == id && s.Date >= today.AddMonths(-1) && s.Date <= today.AddMonths(3))
            .OrderBy(s => s.Date).ToListAsync(ct);
        return View("StaffSessions", new StaffSessionsViewModel(salon, rows, today));
    }

    [HttpGet("{id:int}/sessions/{date}/cancel")]
    public Task<IActionResult> Cancel(int id, string date, CancellationToken ct) => SessionFormAsync(id, date, "CancelSession", s => new CancelSessionForm { Reason = s.CancelReason ?? "" }, ct);

    [HttpPost("{id:int}/sessions/{date}/cancel")]
    public Task<IActionResult> CancelPost(int id, string date, CancelSessionForm form, CancellationToken ct) =>
        SessionPostAsync(id, date, "CancelSession", form, d => sessions.CancelAsync(User, id, d, form, ct), l["この回をお休みにしました。"], "", ct);

    [HttpPost("{id:int}/sessions/{date}/restore")]
    public async Task<IActionResult> Restore(int id, string date, CancellationToken ct)
    {
        if (!TryDate(date, out var day))
        {
            return NotFound();
        }

        return await Outcome(id, await sessions.RestoreAsync(User, id, day, ct), l["お休みを取り消しました。この回は開かれます。"]);
    }

    [HttpGet("{id:int}/sessions/{date}/change")]
    public Task<IActionResult> Change(int id, string date, CancellationToken ct) =>
        SessionFormAsync(id, date, "ChangeSession", s => new ChangeSessionForm { StartTime = s.StartTime, EndTime = s.EndTime, VenueName = s.VenueName, VenueAddress = s.VenueAddress }, ct);

    [HttpPost("{id:int}/sessions/{date}/change")]
    public Task<IActionResult> ChangePost(int id, string date, ChangeSessionForm form, CancellationToken ct) =>
        SessionPostAsync(id, date, "ChangeSession", form, d => sessions.ChangeAsync(User, id, d, form, ct), l["この回の時間・会場を変更しました。"],
            l["終了時刻は開始時刻より後にしてください。"], ct);

    [HttpGet("{id:int}/sessions/{date}/attendance")]
    public Task<IActionResult> Attendance(int id, string date, CancellationToken ct) =>
        SessionFormAsync(id, date, "Attendance", s => new AttendanceForm { Total = s.Attendance, Under65 = s.AttendanceUnder65, Aged65To74 = s.Attendance65To74, Aged75Plus = s.Attendance75Plus }, ct);

    [HttpPost("{id:int}/sessions/{date}/attendance")]
    public Task<IActionResult> AttendancePost(int id, string date, AttendanceForm form, CancellationToken ct) =>
        SessionPostAsync(id, date, "Attendance", form, d => sessions.RecordAttendanceAsync(User, id, d, form, ct), l["参加者数を記録しました。"],
            l["年代別の人数は3つともに入力し、合計と同じになるようにしてください。まだ開かれていない回には記録できません。"], ct);

    private async Task<IActionResult> SaveAsync(int? id, SalonForm form, SaveSalon save, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await save.HandleAsync(User, id, form, ct);
            switch (result)
            {
                case SaveSalon.Result.Saved saved:
                    TempData["Message"] = l["サロンを保存しました。開催日の予定も更新しました。"].Value;
                    return Redirect($"/staff/salons/{saved.SalonId}");
                case SaveSalon.Result.NotFound:
                    return NotFound();
                case SaveSalon.Result.Forbidden:
                    ModelState.AddModelError(nameof(form.AreaId), l["この地域のサロンを管理する権限がありません。"]);
                    Response.StatusCode = StatusCodes.Status403Forbidden;
                    break;
                case SaveSalon.Result.Invalid invalid:
                    foreach (var (field, message) in invalid.Errors)
                    {
                        ModelState.AddModelError(field, message);
                    }

                    Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    break;
            }
        }
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View("Edit", await EditModelAsync(id, form, ct));
    }

    private async Task<SalonEditViewModel> EditModelAsync(int? id, SalonForm form, CancellationToken ct)
    {
        var areas = await access.AreasForCreatingAsync(User, ct);
        return new(id, form, areas, await venues.OptionsAsync(areas, ct));
    }

    private async Task<IActionResult> SessionFormAsync<TForm>(int id, string date, string view, Func<SalonSession, TForm> form, CancellationToken ct)
    {
        if (!TryDate(date, out var day))
        {
            return NotFound();
        }

        var (result, session) = await sessions.FindAsync(User, id, day, ct);
        return session is null ? Refused(result) : View(view, new SessionFormViewModel<TForm>(session, form(session)));
    }

    private async Task<IActionResult> SessionPostAsync<TForm>(int id, string date, string view, TForm form, Func<DateOnly, Task<ChangeSession.Result>> act, string done, string invalid, CancellationToken ct)
    {
        if (!TryDate(date, out var day))
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await act(day);
            if (result != ChangeSession.Result.Invalid)
            {
                return await Outcome(id, result, done);
            }

            ModelState.AddModelError("", invalid);
        }

        var (found, session) = await sessions.FindAsync(User, id, day, ct);
        if (session is null)
        {
            return Refused(found);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(view, new SessionFormViewModel<TForm>(session, form));
    }

    private Task<IActionResult> Outcome(int id, ChangeSession.Result result, string done)
    {
        if (result == ChangeSession.Result.Saved)
        {
            TempData["Message"] = done;
            return Task.FromResult<IActionResult>(Redirect($"/staff/salons/{id}"));
        }

        return Task.FromResult(Refused(result));
    }

    private IActionResult Refused(ChangeSession.Result result) => result == ChangeSession.Result.Forbidden ? Forbid() : NotFound();

    private static bool TryDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

public sealed record StaffSalonListItem(int Id, string Name, string AreaName, bool IsPublic, string VenueName);

public sealed record StaffSalonsViewModel(IReadOnlyList<StaffSalonListItem> Salons, bool CanCreate, int Page, int PageCount);

public sealed record SalonEditViewModel(int? SalonId, SalonForm Form, IReadOnlyList<AreaListItem> Areas, IReadOnlyList<VenuePlaceOption> Places);

public sealed record StaffSessionsViewModel(Salon Salon, IReadOnlyList<SalonSession> Sessions, DateOnly Today);

public sealed record SessionFormViewModel<TForm>(SalonSession Session, TForm Form);
