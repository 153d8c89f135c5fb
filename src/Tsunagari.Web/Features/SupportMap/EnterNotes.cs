using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>Notes from a phone call, a paper 支え合いマップ sheet or a meeting: several rows sent at once.</summary>
public sealed class EnterNotesForm
{
    public const int RowCount = 6;

    [Display(Name = "受け付けた方法")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public SubmissionSource? Source { get; set; }

    [Display(Name = "受け付けた日")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    public DateOnly? ReceivedOn { get; set; }

    /// <summary>One key per form: sending the same sheet twice stores it once.</summary>
    public Guid BatchKey { get; set; }

    public List<NoteRow> Rows { get; set; } = [];
}

public sealed class NoteRow
{
    public SubmissionKind? Kind { get; set; }

    public int? AreaId { get; set; }

    [StringLength(SubmissionLimits.Text)]
    public string? Text { get; set; }

    [StringLength(SubmissionLimits.Address)]
    public string? Address { get; set; }

    [StringLength(SubmissionLimits.Contact)]
    public string? Contact { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Address) && string.IsNullOrWhiteSpace(Contact);
}

/// <summary>A coordinator types in entries received outside the web: source and enterer are recorded.</summary>
public sealed class EnterNotes(TsunagariDbContext db, AreaAccess access, AuditLog audit, TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record Saved(int Count) : Result;

        /// <summary>Key "Rows[i].Field" or "" → Japanese message.</summary>
        public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Errors) : Result;
    }

    public async Task<Result> HandleAsync(ClaimsPrincipal user, EnterNotesForm form, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        if (form.Source is not (SubmissionSource.Phone or SubmissionSource.Paper or SubmissionSource.Meeting))
        {
            errors.Add((nameof(form.Source), "受け付けた方法を選んでください。"));
        }

        var today = JapanTime.Today(clock);
        if (form.ReceivedOn is DateOnly received && (received > today || received < today.AddYears(-1)))
        {
            errors.Add((nameof(form.ReceivedOn), "受け付けた日は、この1年のうちの今日までの日にしてください。"));
        }

        var rows = form.Rows.Select((row, index) => (Row: row, Index: index)).Where(r => !r.Row.IsEmpty).ToList();
        if (rows.Count == 0)
        {
            errors.Add(("", "少なくとも1件、内容を入力してください。"));
        }

        foreach (var (row, index) in rows)
        {
            if (row.Kind is null)
            {
                errors.Add(($"Rows[{index}].Kind", $"{index + 1}件目の種類を選んでください。"));
            }

            if (string.IsNullOrWhiteSpace(row.Text))
            {
                errors.Add(($"Rows[{index}].Text", $"{index + 1}件目の内容を入力してください。"));
            }

            if (row.AreaId is not int areaId || !await access.CanAsync(user, Permission.ProcessSubmissions, areaId, ct))
            {
                errors.Add(($"Rows[{index}].AreaId", $"{index + 1}件目の地域を、担当の地域から選んでください。"));
            }
        }

        if (errors.Count > 0)
        {
            return new Result.Invalid(errors);
        }

        var keyPrefix = $"batch:{form.BatchKey:N}:";
        if (form.BatchKey != Guid.Empty && await db.Set<MapSubmission>().AnyAsync(s => s.DedupeKey!.StartsWith(keyPrefix), ct))
        {
            return new Result.Saved(0);
        }

        UserGrants.TryGetUserId(user, out var userId);
        var now = clock.GetUtcNow();
        foreach (var (row, index) in rows)
        {
            var submission = new MapSubmission
            {
                Id = Guid.NewGuid(),
                Kind = row.Kind!.Value,
                Source = form.Source!.Value,
                Status = SubmissionStatus.New,
                AreaId = row.AreaId!.Value,
                Text = row.Text!.Trim(),
                AddressText = SubmitToMap.Blank(row.Address),
                Contact = SubmitToMap.Blank(row.Contact),
                SubmittedAt = now,
                EnteredBy = userId,
                ReceivedOn = form.ReceivedOn,
                DedupeKey = form.BatchKey == Guid.Empty ? null : keyPrefix + index,
            };
            db.Add(submission);
            audit.Add(user, AuditActions.SubmissionEntered, "submission", submission.Id.ToString(), submission.AreaId, $"source={form.Source}");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return new Result.Saved(0);
        }

        return new Result.Saved(rows.Count);
    }
}
