using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.LocalIssues;

public sealed class LocalIssueForm
{
    [Display(Name = "分類")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? CategoryId { get; set; }

    [Display(Name = "分野")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public IssueField? Field { get; set; }

    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }

    /// <summary>YYYY-MM (the month, never the day).</summary>
    [Display(Name = "月")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [RegularExpression(@"^\d{4}-\d{2}$", ErrorMessage = "{0}は 2026-04 のように入力してください。")]
    public string? Month { get; set; }

    [Display(Name = "まとめ（個人が特定できない書き方で）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(IssueLimits.Summary, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string? Summary { get; set; }

    /// <summary>The raw entries this issue is made from (none for a standalone issue).</summary>
    public List<Guid> SubmissionIds { get; set; } = [];

    /// <summary>One key per form: a double submit stores one issue.</summary>
    public Guid FormKey { get; set; }
}

/// <summary>A coordinator turns raw items into an anonymized 地域課題 (or writes one standalone).</summary>
public sealed class CreateLocalIssue(TsunagariDbContext db, AreaAccess access, SupportMapAreas areas, AuditLog audit, TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record Created(Guid Id, int AreaId) : Result;

        public sealed record HasPersonalData(IReadOnlyList<PersonalDataFinding> Findings) : Result;

        public sealed record Invalid(string Field, string Message) : Result;

        public sealed record OutOfScope : Result;
    }

    public async Task<Result> HandleAsync(ClaimsPrincipal user, LocalIssueForm form, CancellationToken ct)
    {
        if (form.AreaId is not int areaId || !await access.CanAsync(user, Permission.ProcessSubmissions, areaId, ct))
        {
            return new Result.OutOfScope();
        }

        if (!await db.Set<IssueCategory>().AnyAsync(c => c.Id == form.CategoryId && c.IsActive, ct))
        {
            return new Result.Invalid(nameof(form.CategoryId), "分類を一覧から選んでください。");
        }

        if (form.Field is not IssueField field || !Enum.IsDefined(field))
        {
            return new Result.Invalid(nameof(form.Field), "分野を一覧から選んでください。");
        }

        if (!DateOnly.TryParseExact(form.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            || month > JapanTime.Today(clock) || month.Year < 2000)
        {
            return new Result.Invalid(nameof(form.Month), "月は、今月までの月を 2026-04 のように入力してください。");
        }

        if (string.IsNullOrWhiteSpace(form.Summary) || form.Summary.Length > IssueLimits.Summary)
        {
            return new Result.Invalid(nameof(form.Summary), "まとめを1000文字までで入力してください。");
        }

        var findings = PersonalDataDetector.Find(form.Summary);
        if (findings.Count > 0)
        {
            return new Result.HasPersonalData(findings);
        }

        var sources = await db.Set<MapSubmission>().Where(s => form.SubmissionIds.Contains(s.Id)).ToListAsync(ct);
        if (sources.Count != form.SubmissionIds.Distinct().Count())
        {
            return new Result.Invalid(nameof(form.SubmissionIds), "もとにした投稿が見つかりません。");
        }

        foreach (var source in sources)
        {
            if (!await access.CanAsync(user, Permission.ProcessSubmissions, source.AreaId, ct))
            {
                return new Result.OutOfScope();
            }
        }

        var dedupeKey = form.FormKey == Guid.Empty ? null : "form:" + form.FormKey.ToString("N");
        if (dedupeKey is not null && await db.Set<LocalIssue>().Where(i => i.DedupeKey == dedupeKey).Select(i => new { i.Id, i.AreaId }).SingleOrDefaultAsync(ct) is { } existing)
        {
            return new Result.Created(existing.Id, existing.AreaId);
        }

        var reportingArea = await areas.ReportingAreaAsync(areaId, ct) ?? areaId;
        UserGrants.TryGetUserId(user, out var userId);
        var now = clock.GetUtcNow();
        var issue = new LocalIssue
        {
            Id = Guid.NewGuid(),
            CategoryId = form.CategoryId!.Value,
            Field = field,
            AreaId = reportingArea,
            Month = month,
            Summary = form.Summary!.Trim(),
            Status = IssueStatus.Open,
            CreatedAt = now,
            CreatedBy = userId,
            UpdatedAt = now,
            DedupeKey = dedupeKey,
        };
        db.Add(issue);
        foreach (var source in sources)
        {
            db.Add(new LocalIssueSource { LocalIssueId = issue.Id, SubmissionId = source.Id });
            if (source.Status == SubmissionStatus.New)
            {
                source.Status = SubmissionStatus.Processed;
                source.ProcessedAt = now;
                source.ProcessedBy = userId;
            }
        }

        audit.Add(user, AuditActions.IssueCreated, "local_issue", issue.Id.ToString(), issue.AreaId, $"sources={sources.Count}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
            || e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            var winner = await db.Set<LocalIssue>().Where(i => i.DedupeKey == dedupeKey).Select(i => new { i.Id, i.AreaId }).SingleOrDefaultAsync(ct);
            return winner is null
                ? new Result.Invalid(nameof(form.SubmissionIds), "もとにした投稿が、同時にほかの方に処理されました。もう一度確かめてください。")
                : new Result.Created(winner.Id, winner.AreaId);
        }

        return new Result.Created(issue.Id, issue.AreaId);
    }
}
