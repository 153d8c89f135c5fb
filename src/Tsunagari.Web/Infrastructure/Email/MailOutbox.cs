using Microsoft.Extensions.Options;
using MimeKit;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>A small text attachment of a mail, e.g. a calendar file.</summary>
public sealed record MailAttachment(string FileName, string MediaType, string Text);

/// <summary>
/// Queues mail in the caller's unit of work: nothing is written until the caller's <c>SaveChangesAsync</c>
/// (or transaction commit), which is what makes "saved ⇔ mailed" hold.
/// </summary>
public sealed class MailOutbox(TsunagariDbContext db, TimeProvider clock)
{
    public OutboxMessage Enqueue(string to, string? toName, string subject, string textBody, MailAttachment? attachment = null)
    {
        var row = Create(to, toName, subject, textBody, attachment);
        Add(row);
        return row;
    }

    /// <summary>Adds a row made by <see cref="Create"/> to the caller's unit of work.</summary>
    public void Add(OutboxMessage row) => db.OutboxMessages.Add(row);

    /// <summary>
    /// The outbox row of a mail, not yet added to the unit of work: for a caller that writes it with its own SQL, in the
    /// same statement or transaction as its cause (and then calls <see cref="OutboxSignal.Notify"/>). The MIME message is
    /// made only when the mail is sent (<see cref="MailComposer"/>), not in the request that queues it.
    /// </summary>
    public OutboxMessage Create(string to, string? toName, string subject, string textBody, MailAttachment? attachment = null)
    {
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Id = Guid.NewGuid(),
            CreatedAt = now,
            NextAttemptAt = now,
            Recipient = to,
            RecipientName = string.IsNullOrEmpty(toName) ? null : toName,
            Subject = subject,
            TextBody = textBody,
            AttachmentName = attachment?.FileName,
            AttachmentType = attachment?.MediaType,
            AttachmentText = attachment?.Text,
        };
    }
}

/// <summary>Makes the MIME message of an outbox row, the same on every attempt.</summary>
public sealed class MailComposer(IOptions<EmailOptions> options)
{
    public async Task<MimeMessage> ComposeAsync(OutboxMessage row, CancellationToken ct)
    {
        if (row.TextBody is null && row.Mime is { } mime)
        {
            using var stream = new MemoryStream(mime);
            return await MimeMessage.LoadAsync(stream, ct);
        }

        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(new MailboxAddress(row.RecipientName ?? "", row.Recipient));
        message.Subject = row.Subject;
        message.Date = row.CreatedAt;
        // A stable Message-ID lets receivers drop the duplicate if a send succeeds but its bookkeeping does not.
        message.MessageId = $"{row.Id:N}@{MailboxAddress.Parse(settings.From).Domain}";
        var body = new BodyBuilder { TextBody = row.TextBody ?? "" };
        if (row.AttachmentName is { } name && row.AttachmentText is { } text)
        {
            var type = ContentType.Parse(row.AttachmentType ?? "text/plain");
            type.Charset = "utf-8";
            body.Attachments.Add(name, System.Text.Encoding.UTF8.GetBytes(text), type);
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
