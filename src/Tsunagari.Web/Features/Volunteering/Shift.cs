using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>活動枠 — one date and time of an opportunity with a number of slots.</summary>
public sealed class Shift
{
    public int Id { get; set; }

    public int OpportunityId { get; set; }

    public Opportunity? Opportunity { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public int Slots { get; set; }

    /// <summary>Confirmed signups, kept under the shift's row lock; the database refuses more than <see cref="Slots"/>.</summary>
    public int ConfirmedCount { get; set; }

    public List<ShiftSignup> Signups { get; set; } = [];
}

public sealed class ShiftConfiguration : IEntityTypeConfiguration<Shift>
{
    public void Configure(EntityTypeBuilder<Shift> builder)
    {
        builder.ToTable("volunteer_shifts", t =>
        {
            t.HasCheckConstraint("ck_volunteer_shifts_slots", "slots BETWEEN 1 AND 1000");
            t.HasCheckConstraint("ck_volunteer_shifts_confirmed", "confirmed_count >= 0 AND confirmed_count <= slots");
            t.HasCheckConstraint("ck_volunteer_shifts_times", "ends_at > starts_at");
        });
        builder.HasOne(s => s.Opportunity).WithMany(o => o.Shifts).HasForeignKey(s => s.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.OpportunityId, s.StartsAt });
        builder.HasIndex(s => s.StartsAt);
    }
}
