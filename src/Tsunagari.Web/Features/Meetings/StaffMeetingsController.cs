using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Content;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>
/// Coordinators run their meetings here: create/edit, registrants and their needs, CSV, check-in on the day, topics
/// and the report afterwards. Every meeting is checked against the user's area scope (403 outside it).
/// </summary>
[Route("staff/meetings")]
[Authorize(Policy = Policies.Staff)]
[AutoValidateAntiforgeryToken]
public sealed class StaffMeetingsController(
    TsunagariDbContext db,
    AreaAccess access,
    UserGrants grants,
    AreaTree areas,
    VenuePlaces venues,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var ids = await AreaIdsInScopeAsync(ct);
        var meetings = await db.Set<TownMeeting>().AsNoTracking().Where(m => ids.Contains(m.AreaId))
            .OrderByDescending(m => m.StartsAt).Take(200)
            .Select(m => new StaffMeetingListItem(m.Id, m.Title, m.StartsAt, m.EndsAt, m.Area!.Name, m.Capacity, m.ConfirmedPeople,
                db.Set<MeetingRegistration>().Count(r => r.MeetingId == m.Id && r.Status == RegistrationStatus.Waitlisted), m.ReportPublishedAt != null))
            .ToListAsync(ct);
        var newTopics = await db.Set<MeetingTopic>().CountAsync(t => t.Status == TopicStatus.New && ids.Contains(t.Meeting!.AreaId), ct);
        return View("StaffIndex", new StaffMeetingsViewModel(meetings, newTopics));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct)
    {
        var today = JapanTime.Today(clock);
        var form = new MeetingForm { Date = today.AddDays(30), StartTime = new(14, 0), EndTime = new(16, 0), DeadlineDate = today.AddDays(27), Capacity = 30 };
        return View("StaffEdit", await EditModelAsync(null, form, [], ct));
    }

    [HttpPost("new")]
    public Task<IActionResult> Create(MeetingForm form, [FromServices] SaveMeeting save, CancellationToken ct) => SaveAsync(null, form, save, ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(id, ct);
        return denied ?? View("StaffEdit", await EditModelAsync(id, MeetingForm.From(meeting!), [], ct));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Update(int id, MeetingForm form, [FromServices] SaveMeeting save, CancellationToken ct)
    {
        var (_, denied) = await FindAsync(id, ct);
        return denied ?? await SaveAsync(id, form, save, ct);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        var registrations = await Registrations(id).ToListAsync(ct);
        var topics = await db.Set<MeetingTopic>().AsNoTracking().Where(t => t.MeetingId == id).OrderBy(t => t.Id).ToListAsync(ct);
        return View("StaffShow", new StaffMeetingViewModel(meeting!, registrations, topics));
    }

    [HttpGet("{id:int}/registrants.csv")]
    public async Task<IActionResult> Csv(int id, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        var registrations = await Registrations(id).ToListAsync(ct);
        await using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            string[] header = ["受付番号", "状態", "お名前", "人数", "メールアドレス", "電話番号", "代理で申し込んだ方", "関係",
                .. AccessibilityLabels.All.Select(o => o.Label), "配慮のメモ", "申込日時", "受付（来場）"];
            foreach (var h in header)
            {
                csv.WriteField(l[h].Value);
            }

            await csv.NextRecordAsync();
            foreach (var r in registrations)
            {
                string?[] row =
                [
                    r.Id.ToString(CultureInfo.InvariantCulture), l[StatusLabel(r.Status)].Value, r.Name, r.PartySize.ToString(CultureInfo.InvariantCulture),
                    r.Email, r.Phone, r.RegisteredByName, r.Relationship,
                    .. AccessibilityLabels.All.Select(o => r.Needs.HasFlag(o.Value) ? "○" : ""),
                    r.NeedsNote, MeetingFormat.DateTimeText(r.CreatedAt), r.CheckedInAt is null ? "" : MeetingFormat.Time(r.CheckedInAt.Value),
                ];
                foreach (var value in row)
                {
                    csv.WriteField(SafeCell(value));
                }

                await csv.NextRecordAsync();
            }
        }

        return File(buffer.ToArray(), "text/csv; charset=utf-8", $"meeting-{meeting!.Id}-registrants.csv");
    }

    [HttpGet("{id:int}/checkin")]
    public async Task<IActionResult> CheckIn(int id, string? q, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        var query = Registrations(id).Where(r => r.Status == RegistrationStatus.Confirmed);
        var term = RegisterForMeeting.Clean(q);
        if (term is not null)
        {
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(r => EF.Functions.ILike(r.Name, pattern) || (r.Phone != null && EF.Functions.ILike(r.Phone, pattern)));
        }

        var list = await query.OrderBy(r => r.Name).Take(200).ToListAsync(ct);
        var arrived = await db.Set<MeetingRegistration>().Where(r => r.MeetingId == id && r.CheckedInAt != null && r.Status == RegistrationStatus.Confirmed).SumAsync(r => (int?)r.PartySize, ct) ?? 0;
        return View("StaffCheckIn", new StaffCheckInViewModel(meeting!, list, term, arrived));
    }

    [HttpPost("{id:int}/checkin/{registrationId:long}")]
    public async Task<IActionResult> ToggleCheckIn(int id, long registrationId, string? q, CancellationToken ct)
    {
        var (_, denied) = await FindAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        var registration = await db.Set<MeetingRegistration>().SingleOrDefaultAsync(r => r.Id == registrationId && r.MeetingId == id && r.Status == RegistrationStatus.Confirmed, ct);
        if (registration is null)
        {
            return NotFound();
        }

        registration.CheckedInAt = registration.CheckedInAt is null ? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        TempData["Message"] = registration.CheckedInAt is null
            ? l["{0}さんの受付を取り消しました。", registration.Name].Value
            : l["{0}さん（{1}人）を受付しました。", registration.Name, registration.PartySize].Value;
        return Redirect($"/staff/meetings/{id}/checkin" + (string.IsNullOrEmpty(q) ? "" : "?q=" + Uri.EscapeDataString(q)) + $"#r{registrationId}");
    }

    [HttpGet("{id:int}/report")]
    public async Task<IActionResult> Report(int id, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        var topics = await db.Set<MeetingTopic>().AsNoTracking().Where(t => t.MeetingId == id).OrderBy(t => t.Id).ToListAsync(ct);
        return View("StaffReport", new StaffReportViewModel(meeting!, new ReportForm { ReportMarkdown = meeting!.ReportMarkdown, Publish = meeting.ReportPublishedAt is not null }, topics, null));
    }

    [HttpPost("{id:int}/report")]
    public async Task<IActionResult> SaveReport(int id, ReportForm form, [FromServices] IOutputCacheStore cache, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(id, ct, track: true);
        if (denied is not null)
        {
            return denied;
        }

        if (!ModelState.IsValid || (form.Publish && string.IsNullOrWhiteSpace(form.ReportMarkdown)))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var topics = await db.Set<MeetingTopic>().AsNoTracking().Where(t => t.MeetingId == id).OrderBy(t => t.Id).ToListAsync(ct);
            return View("StaffReport", new StaffReportViewModel(meeting!, form, topics, l["公開するには、報告を書いてください（20000文字以内）。"]));
        }

        meeting!.ReportMarkdown = string.IsNullOrWhiteSpace(form.ReportMarkdown) ? null : form.ReportMarkdown.Trim();
        meeting.ReportPublishedAt = form.Publish ? meeting.ReportPublishedAt ?? clock.GetUtcNow() : null;
        meeting.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await cache.EvictByTagAsync(PublicPageCache.Tags.All, ct);
        TempData["Message"] = form.Publish ? l["報告を保存し、公開しました。"].Value : l["報告を保存しました（まだ公開していません）。"].Value;
        return Redirect($"/staff/meetings/{id}/report");
    }

    /// <summary>A topic raised on the day, typed in by staff; it lands in the coordinator inbox.</summary>
    [HttpPost("{id:int}/topics")]
    public async Task<IActionResult> AddTopic(int id, string? text, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        var clean = RegisterForMeeting.Clean(text);
        if (clean is null || clean.Length > 1000)
        {
            TempData["Message"] = l["話題を1000文字以内で入力してください。"].Value;
            return Redirect($"/staff/meetings/{id}/report");
        }

        UserGrants.TryGetUserId(User, out var userId);
        db.Add(new MeetingTopic { MeetingId = meeting!.Id, Text = clean, Source = TopicSources.Meeting, CreatedAt = clock.GetUtcNow(), CreatedBy = userId });
        await db.SaveChangesAsync(ct);
        TempData["Message"] = l["話題を追加しました。コーディネーターの受信箱に届きます。"].Value;
        return Redirect($"/staff/meetings/{id}/report");
    }

    /// <summary>The coordinator inbox: new topics from meetings in scope, raw, for turning into 地域課題.</summary>
    [HttpGet("topics")]
    public async Task<IActionResult> Topics(CancellationToken ct)
    {
        var ids = await AreaIdsInScopeAsync(ct, Permission.ProcessSubmissions);
        var topics = await db.Set<MeetingTopic>().AsNoTracking()
            .Where(t => t.Status == TopicStatus.New && ids.Contains(t.Meeting!.AreaId))
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Take(500)
            .Select(t => new TopicListItem(t.Id, t.Text, t.Source, t.CreatedAt, t.MeetingId, t.Meeting!.Title, t.Meeting.StartsAt, t.Meeting.Area!.Name))
            .ToListAsync(ct);
        return View("StaffTopics", topics);
    }

    [HttpPost("topics/{topicId:long}/handled")]
    public async Task<IActionResult> TopicHandled(long topicId, CancellationToken ct)
    {
        var topic = await db.Set<MeetingTopic>().Include(t => t.Meeting).SingleOrDefaultAsync(t => t.Id == topicId, ct);
        if (topic is null)
        {
            return NotFound();
        }

        if (!await access.CanAsync(User, Permission.ProcessSubmissions, topic.Meeting!.AreaId, ct))
        {
            return Forbid();
        }

        topic.Status = TopicStatus.Handled;
        topic.HandledAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        TempData["Message"] = l["対応済みにしました。"].Value;
        return Redirect("/staff/meetings/topics");
    }

    public static string StatusLabel(string status) => status switch
    {
        RegistrationStatus.Confirmed => "確定",
        RegistrationStatus.Waitlisted => "キャンセル待ち",
        _ => "取り消し",
    };

    private IQueryable<MeetingRegistration> Registrations(int meetingId) =>
        db.Set<MeetingRegistration>().AsNoTracking().Where(r => r.MeetingId == meetingId)
            .OrderBy(r => r.Status == RegistrationStatus.Confirmed ? 0 : r.Status == RegistrationStatus.Waitlisted ? 1 : 2).ThenBy(r => r.Id);

    private async Task<IActionResult> SaveAsync(int? id, MeetingForm form, SaveMeeting save, CancellationToken ct)
    {
        var errors = new List<RegisterForMeeting.FieldError>();
        if (!ModelState.IsValid)
        {
            errors.AddRange(ModelState.Where(e => e.Value?.Errors.Count > 0)
                .SelectMany(e => e.Value!.Errors.Select(x => new RegisterForMeeting.FieldError(e.Key, x.ErrorMessage))));
        }
        else
        {
            switch (await save.HandleAsync(User, id, form, ct))
            {
                case SaveMeeting.Result.Saved saved:
                    TempData["Message"] = l["保存しました。"].Value;
                    return Redirect($"/staff/meetings/{saved.Id}");
                case SaveMeeting.Result.NotFound:
                    return NotFound();
                case SaveMeeting.Result.OutOfScope:
                    Response.StatusCode = StatusCodes.Status403Forbidden;
                    errors.Add(new("AreaId", l["この地域のタウンミーティングを開く権限がありません。"]));
                    break;
                case SaveMeeting.Result.Invalid invalid:
                    errors.AddRange(invalid.Errors);
                    break;
            }
        }

        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return View("StaffEdit", await EditModelAsync(id, form, errors, ct));
    }

    private async Task<StaffEditViewModel> EditModelAsync(int? id, MeetingForm form, IReadOnlyList<RegisterForMeeting.FieldError> errors, CancellationToken ct)
    {
        var scopes = (await grants.ScopesForAsync(User, Permission.RunActivities, ct)).Select(g => g.AreaPath!).ToList();
        var all = await areas.AllInTreeOrderAsync(ct);
        var inScope = all.Where(a => scopes.Any(s => Area.Covers(s, a.Path))).ToList();
        return new StaffEditViewModel(id, form, inScope, errors) { Places = await venues.OptionsAsync(inScope, ct) };
    }

    private async Task<int[]> AreaIdsInScopeAsync(CancellationToken ct, Permission permission = Permission.RunActivities)
    {
        var scopes = (await grants.ScopesForAsync(User, permission, ct)).Select(g => g.AreaPath!).ToList();
        var all = await areas.AllInTreeOrderAsync(ct);
        return all.Where(a => scopes.Any(s => Area.Covers(s, a.Path))).Select(a => a.Id).ToArray();
    }

    /// <summary>The meeting, or the answer to give: 404 when it does not exist, 403 outside the user's area scope.</summary>
    private async Task<(TownMeeting? Meeting, IActionResult? Denied)> FindAsync(int id, CancellationToken ct, bool track = false)
    {
        var query = db.Set<TownMeeting>().Include(m => m.Area).AsQueryable();
        var meeting = await (track ? query : query.AsNoTracking()).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return (null, NotFound());
        }

        return await access.CanAsync(User, Permission.RunActivities, meeting.AreaId, ct) ? (meeting, null) : (null, Forbid());
    }

    /// <summary>Spreadsheet programs run cells starting with = + - @ as formulas; a leading apostrophe keeps them text.</summary>
    private static string? SafeCell(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}

public sealed class ReportForm
{
    [StringLength(20000)]
    public string? ReportMarkdown { get; set; }

    public bool Publish { get; set; }
}

public sealed record StaffMeetingListItem(int Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string AreaName, int Capacity, int ConfirmedPeople, int Waitlisted, bool ReportPublished);

public sealed record StaffMeetingsViewModel(IReadOnlyList<StaffMeetingListItem> Meetings, int NewTopics);

public sealed record StaffEditViewModel(int? Id, MeetingForm Form, IReadOnlyList<AreaListItem> Areas, IReadOnlyList<RegisterForMeeting.FieldError> Errors)
{
    /// <summary>Published places the venue may be chosen from.</summary>
    public IReadOnlyList<VenuePlaceOption> Places { get; init; } = [];

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase))?.Message;
}

public sealed record StaffMeetingViewModel(TownMeeting Meeting, IReadOnlyList<MeetingRegistration> Registrations, IReadOnlyList<MeetingTopic> Topics);

public sealed record StaffCheckInViewModel(TownMeeting Meeting, IReadOnlyList<MeetingRegistration> Registrations, string? Query, int ArrivedPeople);

public sealed record StaffReportViewModel(TownMeeting Meeting, ReportForm Form, IReadOnlyList<MeetingTopic> Topics, string? Error)
{
    public string? PreviewHtml => string.IsNullOrWhiteSpace(Form.ReportMarkdown) ? null : MarkdownRenderer.ToHtml(Form.ReportMarkdown);
}

public sealed record TopicListItem(long Id, string Text, string Source, DateTimeOffset CreatedAt, int MeetingId, string MeetingTitle, DateTimeOffset MeetingStartsAt, string AreaName);
