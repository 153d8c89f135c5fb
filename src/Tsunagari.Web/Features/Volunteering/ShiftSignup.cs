using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Accounts;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>申込 — a person signed up for a shift: confirmed, waitlisted or cancelled.</summary>
public sealed class ShiftSignup
{
    public Guid Id { get; set; }

    public int ShiftId { get; set; }

    public Shift? Shift { get; set; }

    /// <summary>The account, for signed-in volunteers; null for people without one.</summary>
    public Guid? UserId { get; set; }

    public AppUser? User { get; set; }

    /// <summary>Name given by a person without an account (or by the coordinator on their behalf).</summary>
    public string? GuestName { get; set; }

    /// <summary>Where mail goes (the account's address for signed-in volunteers).</summary>
    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>
    /// Who this is, for "one signup per shift" and "no overlapping shifts": <c>u:{userId}</c>, <c>e:{email}</c> or
    /// <c>p:{digits}</c> (normalised), so a guest using the same address twice is the same person.
    /// </summary>
    public required string VolunteerKey { get; set; }

    public required string Status { get; set; }

    /// <summary>Order on the waitlist (lower first); kept after promotion for the record.</summary>
    public int? WaitlistPosition { get; set; }

    /// <summary>How it came in: web, api, phone, paper.</summary>
    public required string Channel { get; set; }

    /// <summary>The coordinator who entered it on the person's behalf (phone / paper).</summary>
    public Guid? EnteredBy { get; set; }

    /// <summary>Copies of the shift's times: the overlap exclusion constraint can only see this row.</summary>
    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public DateTimeOffset? PromotedAt { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }

    /// <summary>Attendance recorded by a coordinator; null until recorded.</summary>
    public bool? Attended { get; set; }

    public decimal? Hours { get; set; }

    public string DisplayName => User?.DisplayName ?? GuestName ?? "";
}

public static class SignupStatus
{
    public const string Confirmed = "confirmed";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";
}

public static class SignupChannel
{
    public const string Web = "web";
    public const string Api = "api";
    public const string Phone = "phone";
    public const string Paper = "paper";

    public static readonly string[] ByProxy = [Phone, Paper];
}

public sealed class ShiftSignupConfiguration : IEntityTypeConfiguration<ShiftSignup>
{
    public const string OverlapConstraint = "ex_volunteer_signups_no_overlap";

    public void Configure(EntityTypeBuilder<ShiftSignup> builder)
    {
        builder.ToTable("volunteer_signups", t =>
        {
            t.HasCheckConstraint("ck_volunteer_signups_status", "status IN ('confirmed', 'waitlisted', 'cancelled')");
            t.HasCheckConstraint("ck_volunteer_signups_channel", "channel IN ('web', 'api', 'phone', 'paper')");
            t.HasCheckConstraint("ck_volunteer_signups_waitlist", "status <> 'waitlisted' OR waitlist_position IS NOT NULL");
            t.HasCheckConstraint("ck_volunteer_signups_who", "user_id IS NOT NULL OR (guest_name IS NOT NULL AND (email IS NOT NULL OR phone IS NOT NULL))");
            t.HasCheckConstraint("ck_volunteer_signups_proxy", "channel NOT IN ('phone', 'paper') OR entered_by IS NOT NULL");
            t.HasCheckConstraint("ck_volunteer_signups_hours", "hours IS NULL OR (hours >= 0 AND hours <= 24)");
        });
        builder.Property(s => s.GuestName).HasMaxLength(100);
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.Phone).HasMaxLength(20);
        builder.Property(s => s.VolunteerKey).HasMaxLength(300);
        builder.Property(s => s.Status).HasMaxLength(20);
        builder.Property(s => s.Channel).HasMaxLength(10);
        builder.Property(s => s.Hours).HasPrecision(4, 1);
        builder.Ignore(s => s.DisplayName);
        builder.HasOne(s => s.Shift).WithMany(s => s.Signups).HasForeignKey(s => s.ShiftId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.EnteredBy).OnDelete(DeleteBehavior.SetNull);
        // One live signup per person and shift: a double submit finds the first one.
        builder.HasIndex(s => new { s.ShiftId, s.VolunteerKey }).IsUnique().HasFilter("status <> 'cancelled'")
            .HasDatabaseName("ux_volunteer_signups_live");
        builder.HasIndex(s => new { s.ShiftId, s.Status, s.WaitlistPosition });
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.StartsAt).HasFilter("status = 'confirmed' AND reminder_sent_at IS NULL")
            .HasDatabaseName("ix_volunteer_signups_reminder_due");
    }
}
