using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.SupportMap;

namespace Tsunagari.Web.Features.LocalIssues;

/// <summary>分野 — the welfare field an issue belongs to.</summary>
public enum IssueField
{
    Elderly,
    Disability,
    Children,
    Poverty,
    Other,
}

public enum IssueStatus
{
    /// <summary>受付.</summary>
    Open,

    /// <summary>検討中.</summary>
    Considering,

    /// <summary>対応中.</summary>
    InProgress,

    /// <summary>解決.</summary>
    Resolved,

    /// <summary>見送り.</summary>
    Dropped,
}

/// <summary>分類 — one term of the configurable taxonomy (seeded with the vocabulary of the seed documents).</summary>
public sealed class IssueCategory
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public int SortOrder { get; set; }

    public bool IsActive { get; set; } = true;
}

/// <summary>
/// 地域課題 — an anonymized issue: category, field, the area generalised to the reporting level, the month (never the
/// day) and a summary that passed the <see cref="PersonalDataDetector"/>. This is what the council may see.
/// </summary>
public sealed class LocalIssue
{
    public Guid Id { get; set; }

    public int CategoryId { get; set; }

    public IssueField Field { get; set; }

    public int AreaId { get; set; }

    /// <summary>First day of the month (Japan time).</summary>
    public DateOnly Month { get; set; }

    public required string Summary { get; set; }

    public IssueStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? DedupeKey { get; set; }
}

/// <summary>Which raw items an issue was made from (for the coordinator; the council never sees the link).</summary>
public sealed class LocalIssueSource
{
    public Guid LocalIssueId { get; set; }

    public Guid SubmissionId { get; set; }
}

public sealed class IssueCategoryConfiguration : IEntityTypeConfiguration<IssueCategory>
{
    public static readonly (string Code, string Name)[] Seed =
    [
        ("shopping", "買い物困難"), ("mobility", "移動・交通"), ("isolation", "孤独・孤立"), ("watching", "見守り"),
        ("8050", "8050"), ("double-care", "ダブルケア"), ("young-carer", "ヤングケアラー"), ("hoarding", "ごみ屋敷"),
        ("hikikomori", "ひきこもり"), ("no-kin", "身寄りのない高齢者"), ("parenting-isolation", "子育ての孤立"),
        ("disaster", "防災"), ("no-place", "居場所不足"), ("generation-gap", "世代間ギャップ"), ("neighbourhood", "町内運営"),
        ("awareness", "福祉啓発"), ("dementia", "認知症"), ("poverty", "生活困窮"), ("other", "その他"),
    ];

    public void Configure(EntityTypeBuilder<IssueCategory> builder)
    {
        builder.ToTable("issue_categories");
        builder.Property(c => c.Code).HasMaxLength(50);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasData(Seed.Select((c, i) => new IssueCategory { Id = i + 1, Code = c.Code, Name = c.Name, SortOrder = (i + 1) * 10 }));
    }
}

public sealed class LocalIssueConfiguration : IEntityTypeConfiguration<LocalIssue>
{
    public void Configure(EntityTypeBuilder<LocalIssue> builder)
    {
        builder.ToTable("local_issues", t => t.HasCheckConstraint("ck_local_issues_month", "EXTRACT(DAY FROM month) = 1"));
        builder.Property(i => i.Field).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Summary).HasMaxLength(IssueLimits.Summary);
        builder.Property(i => i.DedupeKey).HasMaxLength(100);
        builder.HasIndex(i => i.DedupeKey).IsUnique();
        builder.HasIndex(i => new { i.AreaId, i.Month });
        builder.HasIndex(i => new { i.CategoryId, i.Month });
        builder.HasOne<IssueCategory>().WithMany().HasForeignKey(i => i.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Area>().WithMany().HasForeignKey(i => i.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class LocalIssueSourceConfiguration : IEntityTypeConfiguration<LocalIssueSource>
{
    public void Configure(EntityTypeBuilder<LocalIssueSource> builder)
    {
        builder.ToTable("local_issue_sources");
        builder.HasKey(s => new { s.LocalIssueId, s.SubmissionId });
        builder.HasIndex(s => s.SubmissionId);
        builder.HasOne<LocalIssue>().WithMany().HasForeignKey(s => s.LocalIssueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MapSubmission>().WithMany().HasForeignKey(s => s.SubmissionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class IssueLimits
{
    public const int Summary = 1000;
}
