using MimeKit;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>
/// Queues mail in the caller's unit of work: nothing is written until the caller's <c>SaveChangesAsync</c>
/// (or transaction commit), which is what makes "saved ⇔ mailed" hold.
/// </summary>
public sealed class MailOutbox(TsunagariDbContext db, IOptions<EmailOptions> options, TimeProvider clock)
{
    public OutboxMessage Enqueue(string to, string? toName, string subject, string textBody, Action<BodyBuilder>? extend = null)
    {
        var row = Create(to, toName, subject, textBody, extend);
        Add(row);
        return row;
    }

    /// <summary>Adds a row made by <see cref="Create"/> to the caller's unit of work.</summary>
    public void Add(OutboxMessage row) => db.OutboxMessages.Add(row);

    /// <summary>
    /// The outbox row of a mail, not yet added to the unit of work: for a caller that writes it with its own SQL, in the
    /// same statement or transaction as its cause (and then calls <see cref="OutboxSignal.Notify"/>).
    /// </summary>
    public OutboxMessage Create(string to, string? toName, string subject, string textBody, Action<BodyBuilder>? extend = null)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(new MailboxAddress(toName ?? "", to));
        message.Subject = subject;
        message.Date = clock.GetUtcNow();
        var id = Guid.NewGuid();
        // A stable Message-ID lets receivers drop the duplicate if a send succeeds but its bookkeeping does not.
        message.MessageId = $"{id:N}@{MailboxAddress.Parse(settings.From).Domain}";
        var body = new BodyBuilder { TextBody = textBody };
        extend?.Invoke(body);
        message.Body = body.ToMessageBody();

        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Id = id,
            CreatedAt = now,
            NextAttemptAt = now,
            Recipient = to,
            Subject = subject,
            Mime = buffer.ToArray(),
        };
    }
}
