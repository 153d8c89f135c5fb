using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Features.Salons;

/// <summary>
/// 開催回 — one date a salon meets. Generated from the schedule; a cancellation, a changed time or venue and the
/// attendance count are recorded on it and survive a change of the schedule as long as the date is still a salon date.
/// </summary>
public sealed class SalonSession
{
    public long Id { get; set; }

    public int SalonId { get; set; }

    public Salon? Salon { get; set; }

    /// <summary>The date in Japan time; one session per salon and date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Japan wall-clock time (Asia/Tokyo has no daylight saving).</summary>
    public TimeOnly StartTime { get; set; }

    public TimeOnly EndTime { get; set; }

    /// <summary>True when staff set this session's time by hand: schedule changes no longer overwrite it.</summary>
    public bool TimeChanged { get; set; }

    /// <summary>A different venue for this session only; null means the salon's venue.</summary>
    public string? VenueName { get; set; }

    public string? VenueAddress { get; set; }

    public bool IsCancelled { get; set; }

    /// <summary>Shown to residents ("今月はお休みです").</summary>
    public string? CancelReason { get; set; }

    /// <summary>Added by hand (an extra date) rather than by the rule; kept as given.</summary>
    public bool IsExtra { get; set; }

    /// <summary>参加者数; null until the organizer records it.</summary>
    public int? Attendance { get; set; }

    /// <summary>Optional breakdown by age band; when given the bands add up to <see cref="Attendance"/>.</summary>
    public int? AttendanceUnder65 { get; set; }

    public int? Attendance65To74 { get; set; }

    public int? Attendance75Plus { get; set; }

    public DateTimeOffset? AttendanceRecordedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Anything staff changed by hand: such a session is never deleted by a schedule change.</summary>
    public bool HasOverrides => TimeChanged || VenueName is not null || IsCancelled || Attendance is not null;

    public string EffectiveVenueName(Salon salon) => VenueName ?? salon.VenueName;

    public string EffectiveVenueAddress(Salon salon) => VenueName is null ? salon.VenueAddress : VenueAddress ?? "";
}

public sealed class SalonSessionConfiguration : IEntityTypeConfiguration<SalonSession>
{
    public void Configure(EntityTypeBuilder<SalonSession> builder)
    {
        builder.ToTable("salon_sessions", t =>
        {
            t.HasCheckConstraint("ck_salon_sessions_times", "end_time > start_time");
            t.HasCheckConstraint("ck_salon_sessions_cancel_reason", "is_cancelled OR cancel_reason IS NULL");
            t.HasCheckConstraint("ck_salon_sessions_attendance",
                "(attendance IS NULL AND attendance_under65 IS NULL AND attendance65to74 IS NULL AND attendance75plus IS NULL) OR " +
                "(attendance BETWEEN 0 AND 10000 AND (" +
                "(attendance_under65 IS NULL AND attendance65to74 IS NULL AND attendance75plus IS NULL) OR " +
                "(attendance_under65 >= 0 AND attendance65to74 >= 0 AND attendance75plus >= 0 AND " +
                "attendance_under65 + attendance65to74 + attendance75plus = attendance)))");
        });
        builder.Property(s => s.VenueName).HasMaxLength(100);
        builder.Property(s => s.VenueAddress).HasMaxLength(200);
        builder.Property(s => s.CancelReason).HasMaxLength(200);
        builder.HasOne(s => s.Salon).WithMany().HasForeignKey(s => s.SalonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.SalonId, s.Date }).IsUnique();
        // The month calendar reads sessions by date and joins salons by id.
        builder.HasIndex(s => new { s.Date, s.SalonId });
    }
}
