using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.LocalIssues;

namespace Tsunagari.Web.Features.Dashboards;

/// <summary>
/// 地域課題の集計 — how many 地域課題 there are per area × category × field × month × status. Each issue is counted
/// once for its own area and once for every ancestor, so "the subtree of X at level L" is an index lookup on the rows of
/// the areas at level L below X, never a scan of <c>local_issues</c>. Database triggers keep it exact (see
/// <see cref="IssueRollupSql"/> and docs/decisions/014).
/// </summary>
public sealed class IssueRollup
{
    /// <summary>The area counted: the issue's own area or one of its ancestors.</summary>
    public int AreaId { get; set; }

    public DateOnly Month { get; set; }

    public int CategoryId { get; set; }

    public IssueField Field { get; set; }

    public IssueStatus Status { get; set; }

    public int IssueCount { get; set; }
}

public sealed class IssueRollupConfiguration : IEntityTypeConfiguration<IssueRollup>
{
    public void Configure(EntityTypeBuilder<IssueRollup> builder)
    {
        // No CHECK (issue_count >= 0): PostgreSQL checks it on the row an upsert proposes to insert, before it finds
        // the conflict, so a negative delta would fail even though it only ever updates an existing row.
        builder.ToTable("issue_rollups");
        // Area and month lead the key: every dashboard query is "these areas, these months".
        builder.HasKey(r => new { r.AreaId, r.Month, r.CategoryId, r.Field, r.Status });
        builder.Property(r => r.Field).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Area>().WithMany().HasForeignKey(r => r.AreaId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<IssueCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
