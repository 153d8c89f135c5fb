using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Salons.Scheduling;

namespace Tsunagari.Web.Features.Salons;

/// <summary>
/// サロン — a recurring gathering (毎週水曜, 第2・第4火曜, 毎月15日) at a venue in an area, kept by its organizer.
/// Its dates are materialised as <see cref="SalonSession"/> rows so that a cancellation, a changed time or venue and the
/// attendance count belong to one session.
/// </summary>
public sealed class Salon
{
    public int Id { get; set; }

    /// <summary>The area the salon belongs to (its 小学校区 or 町丁目); coordinators of that subtree manage it.</summary>
    public int AreaId { get; set; }

    public Area? Area { get; set; }

    /// <summary>The organizer account that keeps it (運営者 / 世話人); null when a coordinator keeps it alone. Never public.</summary>
    public Guid? OrganizerUserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Public name of the group that runs it (e.g. 桜台ふれあいの会) — shown instead of any person.</summary>
    public string? HostName { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Who it is for: one of <see cref="SalonAudiences"/>.</summary>
    public string ForWhom { get; set; } = SalonAudiences.Everyone;

    /// <summary>Free text (無料, 100円 …).</summary>
    public string Fee { get; set; } = "";

    public int? Capacity { get; set; }

    public required string VenueName { get; set; }

    public string VenueAddress { get; set; } = "";

    /// <summary>The 居場所 this salon is held at (a published place of its area subtree); the venue name follows it.</summary>
    public int? PlaceId { get; set; }

    /// <summary>False keeps it off every public page, feed, API answer and open data file.</summary>
    public bool IsPublic { get; set; } = true;

    public ScheduleKind ScheduleKind { get; set; }

    public int[] Weekdays { get; set; } = [];

    /// <summary>1–5, or -1 for the last week of the month.</summary>
    public int[] WeekOrdinals { get; set; } = [];

    public int? DayOfMonth { get; set; }

    public TimeOnly StartTime { get; set; }

    public TimeOnly EndTime { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public DateOnly[] ExtraDates { get; set; } = [];

    public DateOnly[] ExceptionDates { get; set; } = [];

    public HolidayRule HolidayRule { get; set; }

    /// <summary>The id of the form that created it, so a double submit finds the first salon instead of making two.</summary>
    public Guid? CreationToken { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public SalonSchedule Schedule() => new(
        ScheduleKind, StartDate, EndDate,
        Weekdays.Select(d => (DayOfWeek)d).ToList(), WeekOrdinals, DayOfMonth, ExtraDates, ExceptionDates, HolidayRule);
}

/// <summary>Who a salon is for (対象). Stored as these codes; labels are in the views.</summary>
public static class SalonAudiences
{
    public const string Everyone = "everyone";
    public const string Seniors = "seniors";
    public const string Parents = "parents";
    public const string Children = "children";
    public const string Disabilities = "disabilities";

    public static readonly string[] All = [Everyone, Seniors, Parents, Children, Disabilities];

    /// <summary>The Japanese label (a localizer key).</summary>
    public static string Label(string code) => code switch
    {
        Seniors => "高齢の方",
        Parents => "子育て中の方",
        Children => "子ども",
        Disabilities => "障がいのある方",
        _ => "どなたでも",
    };
}

public sealed class SalonConfiguration : IEntityTypeConfiguration<Salon>
{
    public void Configure(EntityTypeBuilder<Salon> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.HostName).HasMaxLength(100);
        builder.Property(s => s.Description).HasMaxLength(2000);
        builder.Property(s => s.ForWhom).HasMaxLength(20);
        builder.Property(s => s.Fee).HasMaxLength(100);
        builder.Property(s => s.VenueName).HasMaxLength(100);
        builder.Property(s => s.VenueAddress).HasMaxLength(200);
        builder.HasOne(s => s.Area).WithMany().HasForeignKey(s => s.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(s => s.OrganizerUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => s.AreaId);
        builder.HasIndex(s => s.OrganizerUserId);
        builder.HasOne<Places.Place>().WithMany().HasForeignKey(s => s.PlaceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => s.PlaceId);
        builder.HasIndex(s => s.CreationToken).IsUnique();
        var audiences = string.Join(", ", SalonAudiences.All.Select(a => $"'{a}'"));
        builder.ToTable("salons", t =>
        {
            t.HasCheckConstraint("ck_salons_for_whom", $"for_whom IN ({audiences})");
            t.HasCheckConstraint("ck_salons_times", "end_time > start_time");
            t.HasCheckConstraint("ck_salons_dates", "end_date IS NULL OR end_date >= start_date");
            t.HasCheckConstraint("ck_salons_capacity", "capacity IS NULL OR capacity > 0");
            t.HasCheckConstraint("ck_salons_day_of_month", "day_of_month IS NULL OR day_of_month BETWEEN 1 AND 31");
        });
    }
}
