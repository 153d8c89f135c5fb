using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>
/// A topic a resident wants raised (sent in advance) or one raised on the day. Raw text, private to the coordinators
/// of the meeting's area: the coordinator inbox, from which the 地域課題 feature makes anonymized issues.
/// </summary>
public sealed class MeetingTopic
{
    public long Id { get; set; }

    public int MeetingId { get; set; }

    public TownMeeting? Meeting { get; set; }

    public long? RegistrationId { get; set; }

    public MeetingRegistration? Registration { get; set; }

    public required string Text { get; set; }

    /// <summary><see cref="TopicSources"/>: sent in advance or raised at the meeting.</summary>
    public required string Source { get; set; }

    /// <summary><see cref="TopicStatus"/>: <c>new</c> until a coordinator has handled it.</summary>
    public string Status { get; set; } = TopicStatus.New;

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTimeOffset? HandledAt { get; set; }
}

public static class TopicSources
{
    public const string Advance = "advance";
    public const string Meeting = "meeting";
}

public static class TopicStatus
{
    public const string New = "new";
    public const string Handled = "handled";
}

public sealed class MeetingTopicConfiguration : IEntityTypeConfiguration<MeetingTopic>
{
    public void Configure(EntityTypeBuilder<MeetingTopic> builder)
    {
        builder.ToTable("meeting_topics", t =>
        {
            t.HasCheckConstraint("ck_meeting_topics_source", "source IN ('advance', 'meeting')");
            t.HasCheckConstraint("ck_meeting_topics_status", "status IN ('new', 'handled')");
        });
        builder.Property(t => t.Text).HasMaxLength(1000);
        builder.Property(t => t.Source).HasMaxLength(20);
        builder.Property(t => t.Status).HasMaxLength(20);
        builder.HasOne(t => t.Meeting).WithMany().HasForeignKey(t => t.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(t => t.Registration).WithMany().HasForeignKey(t => t.RegistrationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(t => new { t.Status, t.MeetingId });
    }
}
