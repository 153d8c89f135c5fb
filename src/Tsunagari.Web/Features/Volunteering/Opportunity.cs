using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>ボランティア募集 — a need for volunteers in an area, with shifts. Public by design: no personal data.</summary>
public sealed class Opportunity
{
    public int Id { get; set; }

    public required string Title { get; set; }

    public required string Description { get; set; }

    /// <summary>Who it helps, described without personal data (e.g. 「一人暮らしの高齢の方」).</summary>
    public string HelpsWhom { get; set; } = "";

    /// <summary>Who runs it: an organisation, a 居場所's organizer or the coordinator.</summary>
    public required string HostName { get; set; }

    public int AreaId { get; set; }

    public Area? Area { get; set; }

    /// <summary>The 居場所 it takes place at (a published place of its area subtree), shown through <c>PublicPlaces</c>.</summary>
    public int? PlaceId { get; set; }

    /// <summary>Where, in words (集合場所 and the like), when there is no place record.</summary>
    public string LocationText { get; set; } = "";

    /// <summary>Ids of <see cref="Skill"/>s wanted.</summary>
    public List<int> SkillIds { get; set; } = [];

    public bool IsPublished { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public List<Shift> Shifts { get; set; } = [];
}

public sealed class OpportunityConfiguration : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> builder)
    {
        builder.ToTable("volunteer_opportunities");
        builder.Property(o => o.Title).HasMaxLength(100);
        builder.Property(o => o.Description).HasMaxLength(2000);
        builder.Property(o => o.HelpsWhom).HasMaxLength(200);
        builder.Property(o => o.HostName).HasMaxLength(100);
        builder.Property(o => o.LocationText).HasMaxLength(200);
        builder.HasOne(o => o.Area).WithMany().HasForeignKey(o => o.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Places.Place>().WithMany().HasForeignKey(o => o.PlaceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(o => o.AreaId);
        builder.HasIndex(o => o.SkillIds).HasMethod("gin");
    }
}
