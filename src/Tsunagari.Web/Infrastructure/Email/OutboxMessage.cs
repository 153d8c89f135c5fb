using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>
/// A mail waiting to be sent. Written in the same transaction as whatever caused it, so a committed signup always
/// has its mail and a rolled-back one never does. The row holds what the mail says (recipient, subject, text, an
/// optional text attachment); <see cref="MailComposer"/> makes the MIME message from it when it is sent (ADR 004).
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string Recipient { get; set; }

    public string? RecipientName { get; set; }

    public required string Subject { get; set; }

    /// <summary>The plain-text body; null only on rows queued as whole MIME messages before these columns existed.</summary>
    public string? TextBody { get; set; }

    /// <summary>File name of the one text attachment (e.g. <c>meeting.ics</c>), or null.</summary>
    public string? AttachmentName { get; set; }

    /// <summary>MIME type of the attachment, e.g. <c>text/calendar</c>; sent as UTF-8.</summary>
    public string? AttachmentType { get; set; }

    public string? AttachmentText { get; set; }

    /// <summary>A whole MIME message: only rows queued before the mail was composed at send time carry one.</summary>
    public byte[]? Mime { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.RecipientName).HasMaxLength(200);
        builder.Property(m => m.AttachmentName).HasMaxLength(100);
        builder.Property(m => m.AttachmentType).HasMaxLength(100);
        builder.ToTable(t => t.HasCheckConstraint("ck_outbox_messages_content", "text_body IS NOT NULL OR mime IS NOT NULL"));
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
    }
}
