using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Tsunagari.Tests.Infrastructure;

/// <summary>
/// A small SMTP server on 127.0.0.1 that accepts what MailKit sends and keeps it for assertions. It can be
/// stopped and started again on the same port, to play an SMTP server that goes down.
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private readonly ConcurrentBag<TcpClient> _clients = [];

    public int Port { get; private set; }

    public IReadOnlyCollection<MimeMessage> Received => _received.ToArray();

    public static SmtpListener Start()
    {
        var listener = new SmtpListener();
        listener.StartOn(0);
        return listener;
    }

    public void Restart() => StartOn(Port);

    private void StartOn(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stop = new CancellationTokenSource();
        _ = AcceptLoopAsync(_listener, _stop.Token);
    }

    /// <summary>Closes the port and every open connection: clients now get "connection refused".</summary>
    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        while (_clients.TryTake(out var client))
        {
            client.Dispose();
        }
    }

    public void Clear()
    {
        while (_received.TryDequeue(out _))
        {
        }

        while (_arrived.CurrentCount > 0)
        {
            _arrived.Wait(0);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages in total have arrived.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (_received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} mail(s), received {_received.Count}.");
            }

            await _arrived.WaitAsync(left);
        }

        return _received.ToArray();
    }

    /// <summary>The newest mail to <paramref name="address"/>, waiting for it if needed.</summary>
    public async Task<MimeMessage> WaitForMailToAsync(string address, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var match = _received.LastOrDefault(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)));
            if (match is not null)
            {
                return match;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No mail to {address}.");
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _clients.Add(client);
            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.UTF8);
                var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 localhost test SMTP ready");
                while (!ct.IsCancellationRequested && await reader.ReadLineAsync(ct) is { } line)
                {
                    var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (command)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-localhost");
                            await writer.WriteLineAsync("250-8BITMIME");
                            await writer.WriteLineAsync("250-SMTPUTF8");
                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "HELO":
                        case "MAIL":
                        case "RCPT":
                        case "RSET":
                        case "NOOP":
                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(ct) is { } dataLine && dataLine != ".")
                            {
                                data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                            }

                            using (var mime = new MemoryStream(Encoding.UTF8.GetBytes(data.ToString())))
                            {
                                _received.Enqueue(await MimeMessage.LoadAsync(mime, ct));
                            }

                            _arrived.Release();
                            await writer.WriteLineAsync("250 OK queued");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 Bye");
                            return;
                        default:
                            await writer.WriteLineAsync("502 Command not implemented");
                            break;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped mid-conversation: exactly what a crashed server looks like to the client.
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _stop?.Dispose();
        _arrived.Dispose();
        return ValueTask.CompletedTask;
    }
}
