using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>タウンミーティング — a town meeting or workshop residents register for.</summary>
public sealed class TownMeeting
{
    public int Id { get; set; }

    public required string Title { get; set; }

    /// <summary>目的 — plain text, one or two sentences.</summary>
    public string Purpose { get; set; } = "";

    /// <summary>次第 — Markdown, rendered without raw HTML.</summary>
    public string AgendaMarkdown { get; set; } = "";

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    /// <summary>
    /// The 居場所 it is held at (a published place of its area subtree), shown through <c>PublicPlaces</c>; the
    /// free-text name and address are for venues that are not listed places.
    /// </summary>
    public int? PlaceId { get; set; }

    public string? VenueName { get; set; }

    public string? VenueAddress { get; set; }

    /// <summary>Link for online participation (Zoom etc.), shown to registrants only in mails.</summary>
    public string? OnlineUrl { get; set; }

    public int AreaId { get; set; }

    public Area? Area { get; set; }

    /// <summary>Seats, counted in people (a party of 3 takes 3).</summary>
    public int Capacity { get; set; }

    /// <summary>People in confirmed registrations; the database keeps it ≤ <see cref="Capacity"/>.</summary>
    public int ConfirmedPeople { get; set; }

    public DateTimeOffset RegistrationDeadline { get; set; }

    /// <summary>主催 — who runs it (text as it should appear publicly).</summary>
    public string Organizers { get; set; } = "";

    public AccessibilitySupport AccessibilityOffered { get; set; }

    /// <summary>Whether residents may send topics in advance.</summary>
    public bool TopicsAllowed { get; set; }

    /// <summary>報告 — Markdown, public once <see cref="ReportPublishedAt"/> is set.</summary>
    public string? ReportMarkdown { get; set; }

    public DateTimeOffset? ReportPublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsOpenAt(DateTimeOffset now) => now <= RegistrationDeadline && now < StartsAt;
}

/// <summary>情報保障・配慮 a meeting offers and a registrant may ask for.</summary>
[Flags]
public enum AccessibilitySupport
{
    None = 0,

    /// <summary>手話通訳.</summary>
    SignLanguage = 1,

    /// <summary>要約筆記.</summary>
    Captioning = 2,

    /// <summary>託児.</summary>
    Childcare = 4,

    /// <summary>車いす席.</summary>
    WheelchairSeat = 8,

    /// <summary>送迎.</summary>
    Transport = 16,

    /// <summary>オンライン参加.</summary>
    Online = 32,
}

public static class AccessibilityLabels
{
    /// <summary>Every option in display order with its Japanese label (a localizer key).</summary>
    public static readonly (AccessibilitySupport Value, string Label)[] All =
    [
        (AccessibilitySupport.SignLanguage, "手話通訳"),
        (AccessibilitySupport.Captioning, "要約筆記"),
        (AccessibilitySupport.Childcare, "託児"),
        (AccessibilitySupport.WheelchairSeat, "車いす席"),
        (AccessibilitySupport.Transport, "送迎"),
        (AccessibilitySupport.Online, "オンライン参加"),
    ];

    public static IEnumerable<(AccessibilitySupport Value, string Label)> In(AccessibilitySupport set) =>
        All.Where(o => set.HasFlag(o.Value));

    public static AccessibilitySupport Combine(IEnumerable<AccessibilitySupport> values) =>
        values.Aggregate(AccessibilitySupport.None, (a, b) => a | b);

    /// <summary>Parses the API's names (<c>SignLanguage</c>, <c>signLanguage</c>); null for an unknown name.</summary>
    public static AccessibilitySupport? Parse(string name) =>
        Enum.TryParse<AccessibilitySupport>(name, ignoreCase: true, out var value) && value != AccessibilitySupport.None
            && All.Any(o => o.Value == value) ? value : null;
}

public sealed class TownMeetingConfiguration : IEntityTypeConfiguration<TownMeeting>
{
    public void Configure(EntityTypeBuilder<TownMeeting> builder)
    {
        builder.ToTable("town_meetings", t =>
        {
            // The capacity rule lives here, so no race between two registrations can overbook.
            t.HasCheckConstraint("ck_town_meetings_capacity", "confirmed_people >= 0 AND confirmed_people <= capacity");
            t.HasCheckConstraint("ck_town_meetings_capacity_positive", "capacity BETWEEN 1 AND 100000");
            t.HasCheckConstraint("ck_town_meetings_times", "ends_at > starts_at AND registration_deadline <= starts_at");
        });
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.Purpose).HasMaxLength(2000);
        builder.Property(m => m.AgendaMarkdown).HasMaxLength(20000);
        builder.Property(m => m.VenueName).HasMaxLength(200);
        builder.Property(m => m.VenueAddress).HasMaxLength(300);
        builder.Property(m => m.OnlineUrl).HasMaxLength(500);
        builder.Property(m => m.Organizers).HasMaxLength(500);
        builder.Property(m => m.ReportMarkdown).HasMaxLength(20000);
        builder.HasOne(m => m.Area).WithMany().HasForeignKey(m => m.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Places.Place>().WithMany().HasForeignKey(m => m.PlaceId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(m => m.StartsAt);
    }
}
