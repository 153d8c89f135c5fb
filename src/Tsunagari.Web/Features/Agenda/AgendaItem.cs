using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Volunteering;

namespace Tsunagari.Web.Features.Agenda;

/// <summary>The follow-up status of an agenda item, in the order the council reads it.</summary>
public enum AgendaStatus
{
    /// <summary>検討中.</summary>
    Considering,

    /// <summary>資源づくり中.</summary>
    BuildingResources,

    /// <summary>実施中.</summary>
    Running,

    /// <summary>解決.</summary>
    Resolved,

    /// <summary>見送り.</summary>
    Dropped,
}

/// <summary>
/// 議題 — a coordinator bundles 地域課題 into one item for a 協議体 meeting, then follows it up until a resource exists
/// (need → agenda → resource → follow-up). The council reads the title, description, status, follow-ups, linked
/// resources and the <em>number</em> of bundled issues; never the issues' rows and never raw submissions.
/// </summary>
public sealed class AgendaItem
{
    public int Id { get; set; }

    public int AreaId { get; set; }

    public Area? Area { get; set; }

    public required string Title { get; set; }

    /// <summary>The 協議体 meeting the item goes to (Japan date).</summary>
    public DateOnly MeetingDate { get; set; }

    /// <summary>Written for the council; passed the <see cref="SupportMap.PersonalDataDetector"/>.</summary>
    public required string Description { get; set; }

    public AgendaStatus Status { get; set; }

    /// <summary>Denormalised count of <see cref="AgendaIssue"/> rows, kept in the same transaction.</summary>
    public int IssueCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>One key per form: a double submit stores one item.</summary>
    public Guid? FormKey { get; set; }

    /// <summary>PostgreSQL xmin: status changes use optimistic concurrency.</summary>
    public uint Version { get; set; }

    public List<AgendaIssue> Issues { get; set; } = [];
}

/// <summary>One 地域課題 bundled into an agenda item.</summary>
public sealed class AgendaIssue
{
    public int AgendaItemId { get; set; }

    public Guid LocalIssueId { get; set; }
}

/// <summary>A dated follow-up note; append-only (no update or delete path exists).</summary>
public sealed class AgendaFollowUp
{
    public long Id { get; set; }

    public int AgendaItemId { get; set; }

    /// <summary>The day the note is about (Japan date).</summary>
    public DateOnly Date { get; set; }

    public required string Note { get; set; }

    /// <summary>Set when the note records a status change.</summary>
    public AgendaStatus? StatusChangedTo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    /// <summary>One key per form: a double submit stores one note.</summary>
    public Guid? FormKey { get; set; }
}

/// <summary>What kind of resource an agenda item led to.</summary>
public enum AgendaResourceKind
{
    Place,
    Salon,
    Opportunity,
}

/// <summary>A resource (居場所, サロン or ボランティア募集) that came out of an agenda item. Exactly one of the ids is set.</summary>
public sealed class AgendaResource
{
    public long Id { get; set; }

    public int AgendaItemId { get; set; }

    public int? PlaceId { get; set; }

    public int? SalonId { get; set; }

    public int? OpportunityId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public AgendaResourceKind Kind => PlaceId is not null ? AgendaResourceKind.Place : SalonId is not null ? AgendaResourceKind.Salon : AgendaResourceKind.Opportunity;
}

public static class AgendaLimits
{
    public const int Title = 100;
    public const int Description = 2000;
    public const int Note = 1000;
    public const int MaxIssues = 500;
}

public sealed class AgendaItemConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> builder)
    {
        builder.ToTable("agenda_items", t => t.HasCheckConstraint("ck_agenda_items_issue_count", "issue_count >= 0"));
        builder.Property(a => a.Title).HasMaxLength(AgendaLimits.Title);
        builder.Property(a => a.Description).HasMaxLength(AgendaLimits.Description);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasOne(a => a.Area).WithMany().HasForeignKey(a => a.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.FormKey).IsUnique();
        builder.HasIndex(a => new { a.AreaId, a.MeetingDate });
    }
}

public sealed class AgendaIssueConfiguration : IEntityTypeConfiguration<AgendaIssue>
{
    public void Configure(EntityTypeBuilder<AgendaIssue> builder)
    {
        builder.ToTable("agenda_issues");
        builder.HasKey(a => new { a.AgendaItemId, a.LocalIssueId });
        builder.HasIndex(a => a.LocalIssueId);
        builder.HasOne<AgendaItem>().WithMany(a => a.Issues).HasForeignKey(a => a.AgendaItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LocalIssue>().WithMany().HasForeignKey(a => a.LocalIssueId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AgendaFollowUpConfiguration : IEntityTypeConfiguration<AgendaFollowUp>
{
    public void Configure(EntityTypeBuilder<AgendaFollowUp> builder)
    {
        builder.ToTable("agenda_follow_ups");
        builder.Property(f => f.Note).HasMaxLength(AgendaLimits.Note);
        builder.Property(f => f.StatusChangedTo).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<AgendaItem>().WithMany().HasForeignKey(f => f.AgendaItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.AgendaItemId, f.Date });
        builder.HasIndex(f => f.FormKey).IsUnique();
    }
}

public sealed class AgendaResourceConfiguration : IEntityTypeConfiguration<AgendaResource>
{
    public void Configure(EntityTypeBuilder<AgendaResource> builder)
    {
        builder.ToTable("agenda_resources", t => t.HasCheckConstraint(
            "ck_agenda_resources_one_kind", "num_nonnulls(place_id, salon_id, opportunity_id) = 1"));
        builder.Ignore(r => r.Kind);
        builder.HasOne<AgendaItem>().WithMany().HasForeignKey(r => r.AgendaItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Place>().WithMany().HasForeignKey(r => r.PlaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Salon>().WithMany().HasForeignKey(r => r.SalonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Opportunity>().WithMany().HasForeignKey(r => r.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.AgendaItemId, r.PlaceId }).IsUnique().HasFilter("place_id IS NOT NULL");
        builder.HasIndex(r => new { r.AgendaItemId, r.SalonId }).IsUnique().HasFilter("salon_id IS NOT NULL");
        builder.HasIndex(r => new { r.AgendaItemId, r.OpportunityId }).IsUnique().HasFilter("opportunity_id IS NOT NULL");
        builder.HasIndex(r => r.PlaceId);
        builder.HasIndex(r => r.SalonId);
        builder.HasIndex(r => r.OpportunityId);
    }
}
