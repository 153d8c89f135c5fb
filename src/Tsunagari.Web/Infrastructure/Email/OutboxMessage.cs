using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>
/// A mail waiting to be sent. Written in the same transaction as whatever caused it, so a committed signup always
/// has its mail and a rolled-back one never does. The whole MIME message is stored, attachments included.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string Recipient { get; set; }

    public required string Subject { get; set; }

    public required byte[] Mime { get; set; }

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
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
    }
}
