using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Accounts;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>ボランティアのプロフィール — skills, areas, when they can help and how to reach them.</summary>
public sealed class VolunteerProfile
{
    public Guid UserId { get; set; }

    public AppUser? User { get; set; }

    public List<int> SkillIds { get; set; } = [];

    /// <summary>Areas where they can help; an area covers its subtree.</summary>
    public List<int> AreaIds { get; set; } = [];

    /// <summary>Bit 0 = Monday … bit 6 = Sunday.</summary>
    public int Weekdays { get; set; }

    /// <summary>Bit 0 = morning (before 12), bit 1 = afternoon (12–17), bit 2 = evening (17 and later).</summary>
    public int TimeBands { get; set; }

    /// <summary>email or phone.</summary>
    public string ContactPreference { get; set; } = "email";

    public string? Phone { get; set; }

    /// <summary>Whether coordinators may suggest and invite them for unfilled shifts.</summary>
    public bool AcceptsInvitations { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class VolunteerProfileConfiguration : IEntityTypeConfiguration<VolunteerProfile>
{
    public void Configure(EntityTypeBuilder<VolunteerProfile> builder)
    {
        builder.ToTable("volunteer_profiles", t =>
        {
            t.HasCheckConstraint("ck_volunteer_profiles_weekdays", "weekdays BETWEEN 0 AND 127");
            t.HasCheckConstraint("ck_volunteer_profiles_time_bands", "time_bands BETWEEN 0 AND 7");
            t.HasCheckConstraint("ck_volunteer_profiles_contact", "contact_preference IN ('email', 'phone')");
        });
        builder.HasKey(p => p.UserId);
        builder.HasOne(p => p.User).WithOne().HasForeignKey<VolunteerProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.ContactPreference).HasMaxLength(10);
        builder.Property(p => p.Phone).HasMaxLength(20);
        builder.HasIndex(p => p.SkillIds).HasMethod("gin");
    }
}
