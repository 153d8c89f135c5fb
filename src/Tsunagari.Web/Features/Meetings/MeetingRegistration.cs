using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>申込 — one party's registration for a town meeting. No account needed.</summary>
public sealed class MeetingRegistration
{
    /// <summary>Also the waitlist order: ids are handed out while the meeting row is locked.</summary>
    public long Id { get; set; }

    /// <summary>The handle inside signed cancel tokens, so the token can be made before the row is inserted.</summary>
    public Guid Key { get; set; }

    public int MeetingId { get; set; }

    public TownMeeting? Meeting { get; set; }

    /// <summary>Name of the person attending (the first of the party).</summary>
    public required string Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The e-mail (lower case) or the phone digits: one active registration per contact and meeting.</summary>
    public required string ContactKey { get; set; }

    public int PartySize { get; set; } = 1;

    /// <summary>代理登録: someone registered on the attendee's behalf (family, neighbour).</summary>
    public bool ForSomeoneElse { get; set; }

    public string? RegisteredByName { get; set; }

    /// <summary>続柄 — relationship of the person who registered to the attendee.</summary>
    public string? Relationship { get; set; }

    public AccessibilitySupport Needs { get; set; }

    public string? NeedsNote { get; set; }

    public required string Status { get; set; }

    /// <summary>web / api / phone / paper.</summary>
    public string Source { get; set; } = RegistrationSources.Web;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PromotedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public DateTimeOffset? CheckedInAt { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }
}

public static class RegistrationStatus
{
    public const string Confirmed = "confirmed";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";
}

public static class RegistrationSources
{
    public const string Web = "web";
    public const string Api = "api";
}

public sealed class MeetingRegistrationConfiguration : IEntityTypeConfiguration<MeetingRegistration>
{
    public void Configure(EntityTypeBuilder<MeetingRegistration> builder)
    {
        builder.ToTable("meeting_registrations", t =>
        {
            t.HasCheckConstraint("ck_meeting_registrations_party", "party_size BETWEEN 1 AND 10");
            t.HasCheckConstraint("ck_meeting_registrations_status", "status IN ('confirmed', 'waitlisted', 'cancelled')");
            t.HasCheckConstraint("ck_meeting_registrations_contact", "email IS NOT NULL OR phone IS NOT NULL");
        });
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Email).HasMaxLength(254);
        builder.Property(r => r.Phone).HasMaxLength(30);
        builder.Property(r => r.ContactKey).HasMaxLength(254);
        builder.Property(r => r.RegisteredByName).HasMaxLength(100);
        builder.Property(r => r.Relationship).HasMaxLength(50);
        builder.Property(r => r.NeedsNote).HasMaxLength(500);
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.Source).HasMaxLength(20);
        builder.HasOne(r => r.Meeting).WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
        // A double submit (or a retried API call) cannot create a second active registration.
        builder.HasIndex(r => new { r.MeetingId, r.ContactKey }).IsUnique()
            .HasFilter("status <> 'cancelled'").HasDatabaseName("ux_meeting_registrations_active_contact");
        builder.HasIndex(r => new { r.MeetingId, r.Status, r.Id });
        builder.HasIndex(r => r.Key).IsUnique();
    }
}
