using System.ComponentModel.DataAnnotations;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>Mail settings (section <c>Email</c>; on a server set <c>Email__Smtp__Host</c> and friends).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>Smtp</c> sends through a server; <c>Files</c> writes <c>.eml</c> files (Development).</summary>
    public EmailDelivery Delivery { get; set; } = EmailDelivery.Smtp;

    [Required, EmailAddress]
    public string From { get; set; } = "no-reply@tsunagari.example.jp";

    public string FromName { get; set; } = "つながり";

    /// <summary>Where <see cref="EmailDelivery.Files"/> writes; relative paths are under the repository root.</summary>
    public string PickupDirectory { get; set; } = ".data/mail";

    public SmtpOptions Smtp { get; set; } = new();

    public DispatcherOptions Dispatcher { get; set; } = new();
}

public enum EmailDelivery
{
    Smtp,
    Files,
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class DispatcherOptions
{
    /// <summary>How often the outbox is polled when nothing wakes the dispatcher sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay; doubled on each failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// After new mail wakes the dispatcher, it waits until no more mail has been queued for this long, so a burst of
    /// sign-ups gets its answers before its mail is sent. Zero sends at once.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest the dispatcher waits for a quiet moment; then it sends anyway.</summary>
    public TimeSpan MaxSettle { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a sent mail stays in the outbox (to answer "did my mail go out?"); then it is deleted, with the
    /// recipient's address, name and the text. Mail not yet sent is never deleted.
    /// </summary>
    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often sent mail older than <see cref="KeepSent"/> is deleted.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}
