using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Agenda;

public sealed class AgendaItemForm
{
    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }

    [Display(Name = "議題の名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(AgendaLimits.Title, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string? Title { get; set; }

    /// <summary>YYYY-MM-DD.</summary>
    [Display(Name = "協議体の開催日")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public string? MeetingDate { get; set; }

    [Display(Name = "説明（個人が特定できない書き方で）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(AgendaLimits.Description, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string? Description { get; set; }

    /// <summary>The 地域課題 bundled into the item.</summary>
    public List<Guid> IssueIds { get; set; } = [];

    public Guid FormKey { get; set; }
}

/// <summary>Audit actions of the agenda builder.</summary>
public static class AgendaAudit
{
    public const string Created = "agenda.created";
    public const string StatusChanged = "agenda.status";
    public const string FollowUpAdded = "agenda.follow-up";
    public const string ResourceLinked = "agenda.resource";
}

/// <summary>A coordinator bundles 地域課題 of one area subtree into an agenda item for a 協議体 meeting.</summary>
public sealed class CreateAgendaItem(TsunagariDbContext db, AreaAccess access, AuditLog audit, TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record Created(int Id) : Result;

        public sealed record HasPersonalData(string Field, IReadOnlyList<PersonalDataFinding> Findings) : Result;

        public sealed record Invalid(string Field, string Message) : Result;

        public sealed record OutOfScope : Result;
    }

    public async Task<Result> HandleAsync(ClaimsPrincipal user, AgendaItemForm form, CancellationToken ct)
    {
        if (form.AreaId is not int areaId || !await access.CanAsync(user, Permission.ViewCoordinatorDashboard, areaId, ct))
        {
            return new Result.OutOfScope();
        }

        var title = form.Title?.Trim() ?? "";
        if (title.Length is 0 or > AgendaLimits.Title)
        {
            return new Result.Invalid(nameof(form.Title), "議題の名前を100文字までで入力してください。");
        }

        if (!TryParseMeetingDate(form.MeetingDate, clock, out var meetingDate))
        {
            return new Result.Invalid(nameof(form.MeetingDate), "協議体の開催日を、2026-12-10 のように入力してください（今日から2年以内）。");
        }

        var description = form.Description?.Trim() ?? "";
        if (description.Length is 0 or > AgendaLimits.Description)
        {
            return new Result.Invalid(nameof(form.Description), "説明を2000文字までで入力してください。");
        }

        foreach (var (field, text) in new[] { (nameof(form.Title), title), (nameof(form.Description), description) })
        {
            var findings = PersonalDataDetector.Find(text);
            if (findings.Count > 0)
            {
                return new Result.HasPersonalData(field, findings);
            }
        }

        var issueIds = form.IssueIds.Distinct().ToList();
        if (issueIds.Count == 0)
        {
            return new Result.Invalid(nameof(form.IssueIds), "まとめる地域課題を1つ以上選んでください。");
        }

        if (issueIds.Count > AgendaLimits.MaxIssues)
        {
            return new Result.Invalid(nameof(form.IssueIds), "一度にまとめられる地域課題は500件までです。");
        }

        // Every bundled issue lies in the item's area subtree (one query, a path prefix match).
        var path = await db.Areas.Where(a => a.Id == areaId).Select(a => a.Path).SingleAsync(ct);
        var prefix = path + ".";
        var found = await db.Set<LocalIssue>()
            .Where(i => issueIds.Contains(i.Id))
            .Join(db.Areas, i => i.AreaId, a => a.Id, (i, a) => a.Path)
            .CountAsync(p => p == path || p.StartsWith(prefix), ct);
        if (found != issueIds.Count)
        {
            return new Result.Invalid(nameof(form.IssueIds), "選んだ地域課題が見つからないか、この地域のものではありません。");
        }

        var dedupeKey = form.FormKey == Guid.Empty ? (Guid?)null : form.FormKey;
        if (dedupeKey is not null && await db.Set<AgendaItem>().Where(a => a.FormKey == dedupeKey).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct) is int existing)
        {
            return new Result.Created(existing);
        }

        UserGrants.TryGetUserId(user, out var userId);
        var now = clock.GetUtcNow();
        var item = new AgendaItem
        {
            AreaId = areaId,
            Title = title,
            MeetingDate = meetingDate,
            Description = description,
            Status = AgendaStatus.Considering,
            IssueCount = issueIds.Count,
            CreatedAt = now,
            CreatedBy = userId,
            UpdatedAt = now,
            FormKey = dedupeKey,
        };
        item.Issues.AddRange(issueIds.Select(i => new AgendaIssue { LocalIssueId = i }));
        db.Add(item);
        audit.Add(user, AgendaAudit.Created, "agenda_item", "new:" + (dedupeKey?.ToString("N") ?? ""), areaId, $"title={title}; issues={issueIds.Count}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            var winner = await db.Set<AgendaItem>().Where(a => a.FormKey == dedupeKey).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
            return winner is int id ? new Result.Created(id) : new Result.Invalid(nameof(form.Title), "保存できませんでした。もう一度送ってください。");
        }

        return new Result.Created(item.Id);
    }

    internal static bool TryParseMeetingDate(string? text, TimeProvider clock, out DateOnly date)
    {
        var today = JapanTime.Today(clock);
        return DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date >= today.AddYears(-2) && date <= today.AddYears(2);
    }
}
