using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Infrastructure.Audit;

/// <summary>
/// 監査記録 — one append-only line: who did what to which record, in which area, when. The database refuses UPDATE and
/// DELETE on the table (a trigger in the migration), so not even a bug in the app can rewrite history.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user; null for the system (background jobs).</summary>
    public Guid? ActorId { get; set; }

    /// <summary>The actor's display name at the time, so the log stays readable if the account is deleted.</summary>
    public string? ActorName { get; set; }

    /// <summary>What happened, e.g. <see cref="AuditActions.SubmissionRead"/>.</summary>
    public required string Action { get; set; }

    public required string SubjectType { get; set; }

    public required string SubjectId { get; set; }

    public int? AreaId { get; set; }

    /// <summary>Context without personal data (which page or endpoint, how many rows).</summary>
    public string? Detail { get; set; }
}

/// <summary>Action names written to the audit log.</summary>
public static class AuditActions
{
    public const string SubmissionRead = "submission.read";
    public const string SubmissionEntered = "submission.entered";
    public const string SubmissionApproved = "submission.approved";
    public const string SubmissionRejected = "submission.rejected";
    public const string SubmissionMerged = "submission.merged";
    public const string SubmissionsPurged = "submissions.purged";
    public const string IssueCreated = "issue.created";
    public const string IssueUpdated = "issue.updated";
    public const string RoleGranted = "role.granted";
    public const string RoleRevoked = "role.revoked";
    public const string Exported = "export";

    public static readonly string[] All =
        [SubmissionRead, SubmissionEntered, SubmissionApproved, SubmissionRejected, SubmissionMerged, SubmissionsPurged, IssueCreated, IssueUpdated,
         RoleGranted, RoleRevoked, Exported];
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.ActorName).HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.SubjectType).HasMaxLength(64);
        builder.Property(e => e.SubjectId).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Action, e.At });
        builder.HasIndex(e => new { e.SubjectType, e.SubjectId });
    }
}
