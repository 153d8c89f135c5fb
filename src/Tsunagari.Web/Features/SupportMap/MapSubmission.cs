using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>What a 支え合いマップ entry is about.</summary>
public enum SubmissionKind
{
    /// <summary>助け合いの資源 — someone or something that helps.</summary>
    Resource,

    /// <summary>集いの場 — where people gather.</summary>
    Gathering,

    /// <summary>気がかり — a worry about the area. Never public.</summary>
    Concern,
}

/// <summary>How the entry reached us; entries typed in by a coordinator also record who entered them.</summary>
public enum SubmissionSource
{
    Web,
    Api,
    Phone,
    Paper,
    Meeting,
}

public enum SubmissionStatus
{
    /// <summary>Not yet looked at: never purged.</summary>
    New,

    /// <summary>Published as a <see cref="MapPoint"/>.</summary>
    Approved,

    Rejected,

    /// <summary>Turned into (or added to) a 地域課題.</summary>
    Processed,

    /// <summary>The same as a 居場所 already listed (<see cref="MapSubmission.MergedPlaceId"/>): nothing new is published.</summary>
    Merged,
}

/// <summary>
/// 支え合いマップ投稿 — a raw entry. Private to the coordinators whose area contains <see cref="AreaId"/> (and admins);
/// every read is audited. <see cref="Text"/>, <see cref="Contact"/>, <see cref="AddressText"/> and the exact point are
/// the raw personal fields: purged after the retention period once the entry is processed.
/// </summary>
public sealed class MapSubmission
{
    public Guid Id { get; set; }

    public SubmissionKind Kind { get; set; }

    public SubmissionSource Source { get; set; }

    public SubmissionStatus Status { get; set; }

    public int AreaId { get; set; }

    public string? Text { get; set; }

    public string? Contact { get; set; }

    public string? AddressText { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>When the resident agreed to the plain-language consent (web and API entries).</summary>
    public DateTimeOffset? ConsentedAt { get; set; }

    /// <summary>The resident's account, when they were signed in.</summary>
    public Guid? SubmittedBy { get; set; }

    /// <summary>The coordinator who typed in a phone call, paper sheet or meeting note.</summary>
    public Guid? EnteredBy { get; set; }

    /// <summary>The day of the call, sheet or meeting (Japan time) for entries typed in later.</summary>
    public DateOnly? ReceivedOn { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public Guid? ProcessedBy { get; set; }

    /// <summary>The existing 居場所 a 助け合いの資源 / 集いの場 entry was found to be (status <see cref="SubmissionStatus.Merged"/>).</summary>
    public int? MergedPlaceId { get; set; }

    public DateTimeOffset? PurgedAt { get; set; }

    /// <summary>One key per form, API retry or sheet row: a double submit finds the first record.</summary>
    public string? DedupeKey { get; set; }

    /// <summary>PostgreSQL's xmin: optimistic concurrency for moderation.</summary>
    public uint Version { get; set; }
}

public sealed class MapSubmissionConfiguration : IEntityTypeConfiguration<MapSubmission>
{
    public void Configure(EntityTypeBuilder<MapSubmission> builder)
    {
        builder.ToTable("map_submissions", t =>
        {
            t.HasCheckConstraint("ck_map_submissions_concern_never_public", "NOT (kind = 'Concern' AND status = 'Approved')");
            t.HasCheckConstraint("ck_map_submissions_point", "(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180))");
            t.HasCheckConstraint("ck_map_submissions_purge_only_processed", "purged_at IS NULL OR (status <> 'New' AND text IS NULL AND contact IS NULL AND address_text IS NULL AND latitude IS NULL)");
            t.HasCheckConstraint("ck_map_submissions_processed", "(status = 'New') = (processed_at IS NULL)");
            t.HasCheckConstraint("ck_map_submissions_merged", "(status = 'Merged') = (merged_place_id IS NOT NULL) AND NOT (kind = 'Concern' AND status = 'Merged')");
        });
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Text).HasMaxLength(SubmissionLimits.Text);
        builder.Property(s => s.Contact).HasMaxLength(SubmissionLimits.Contact);
        builder.Property(s => s.AddressText).HasMaxLength(SubmissionLimits.Address);
        builder.Property(s => s.DedupeKey).HasMaxLength(100);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasIndex(s => s.DedupeKey).IsUnique();
        builder.HasIndex(s => new { s.AreaId, s.Status, s.SubmittedAt });
        // The coordinator inbox counts new submissions over a whole city's areas: a small index of only those.
        builder.HasIndex(s => s.AreaId, "ix_map_submissions_new_area_id").HasDatabaseName("ix_map_submissions_new_area_id").HasFilter("status = 'New'");
        builder.HasIndex(s => s.ProcessedAt).HasFilter("purged_at IS NULL AND processed_at IS NOT NULL");
        builder.HasOne<Area>().WithMany().HasForeignKey(s => s.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Places.Place>().WithMany().HasForeignKey(s => s.MergedPlaceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.MergedPlaceId);
    }
}

public static class SubmissionLimits
{
    public const int Text = 2000;
    public const int Contact = 200;
    public const int Address = 200;
}

public enum PointPrecision
{
    /// <summary>Where it is: a public facility, a shop, a park.</summary>
    Exact,

    /// <summary>Rounded to a grid of about 500 m, for a private home.</summary>
    Reduced,
}

/// <summary>
/// 公開地点 — an approved 助け合いの資源 or 集いの場 as the public sees it. Only public words (written by the
/// coordinator, checked by the detector) and the point at public precision are stored here; the raw entry stays in
/// <see cref="MapSubmission"/>.
/// </summary>
public sealed class MapPoint
{
    public Guid Id { get; set; }

    public Guid? SubmissionId { get; set; }

    public SubmissionKind Kind { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public PointPrecision Precision { get; set; }

    public int AreaId { get; set; }

    public DateTimeOffset ApprovedAt { get; set; }

    public Guid ApprovedBy { get; set; }

    /// <summary>About 500 m: two decimals would be 1 km, three 100 m — a home should not be findable from its dot.</summary>
    public const double ReducedGrid = 0.005;

    public static (double Latitude, double Longitude) AtPrecision(double latitude, double longitude, PointPrecision precision) =>
        precision == PointPrecision.Exact
            ? (Math.Round(latitude, 6), Math.Round(longitude, 6))
            : (Math.Round(Math.Round(latitude / ReducedGrid) * ReducedGrid, 4), Math.Round(Math.Round(longitude / ReducedGrid) * ReducedGrid, 4));
}

public sealed class MapPointConfiguration : IEntityTypeConfiguration<MapPoint>
{
    public void Configure(EntityTypeBuilder<MapPoint> builder)
    {
        builder.ToTable("map_points", t => t.HasCheckConstraint("ck_map_points_not_concern", "kind <> 'Concern'"));
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Precision).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Description).HasMaxLength(500);
        builder.HasIndex(p => p.SubmissionId).IsUnique();
        builder.HasIndex(p => p.AreaId);
        builder.HasOne<MapSubmission>().WithMany().HasForeignKey(p => p.SubmissionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Area>().WithMany().HasForeignKey(p => p.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}
