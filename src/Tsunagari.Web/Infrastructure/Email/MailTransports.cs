using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Tsunagari.Web.Infrastructure.Email;

/// <summary>Delivers already-built messages. One instance is used for one dispatcher batch.</summary>
public interface IMailTransport : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

public interface IMailTransportFactory
{
    IMailTransport Create();
}

/// <summary>Sends through an SMTP server with MailKit, reusing one connection for a batch.</summary>
public sealed class SmtpMailTransport(SmtpOptions options) : IMailTransport
{
    private readonly SmtpClient _client = new() { Timeout = (int)options.Timeout.TotalMilliseconds };

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (!_client.IsConnected)
        {
            var security = Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true);
            await _client.ConnectAsync(options.Host, options.Port, security, ct);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await _client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            }
        }

        await _client.SendAsync(message, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
            {
                // The messages are already accepted; a failed QUIT changes nothing.
            }
        }

        _client.Dispose();
    }
}

/// <summary>Writes each message as an <c>.eml</c> file (Development: read them at <c>/dev/mail</c>).</summary>
public sealed class FileMailTransport(string directory) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var name = $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml";
        var temp = Path.Combine(directory, name + ".tmp");
        await using (var file = File.Create(temp))
        {
            await message.WriteToAsync(file, ct);
        }

        File.Move(temp, Path.Combine(directory, name), overwrite: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class MailTransportFactory(IOptions<EmailOptions> options, RepositoryLayout layout) : IMailTransportFactory
{
    public IMailTransport Create() => options.Value.Delivery switch
    {
        EmailDelivery.Files => new FileMailTransport(PickupDirectory(options.Value, layout)),
        _ => new SmtpMailTransport(options.Value.Smtp),
    };

    public static string PickupDirectory(EmailOptions options, RepositoryLayout layout) =>
        Path.IsPathRooted(options.PickupDirectory)
            ? options.PickupDirectory
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(layout.WebRoot)!, options.PickupDirectory));
}
