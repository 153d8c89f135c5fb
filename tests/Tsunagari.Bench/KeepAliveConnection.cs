using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tsunagari.Bench;

/// <summary>
/// One HTTP/1.1 keep-alive connection that sends requests already written out as bytes and reads each answer whole
/// (<c>Content-Length</c> or chunked). The registration burst measures the app on the same two cores as its client;
/// <see cref="HttpClient"/> spent about as much CPU per request as a third of the app's, which this client does not
/// (no header collections, no content objects, no connection pool). Bench-only: no TLS, no redirects, no trailers.
/// </summary>
public sealed class KeepAliveConnection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private KeepAliveConnection(Socket socket) => _socket = socket;

    public static async Task<KeepAliveConnection> OpenAsync(Uri baseAddress)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(baseAddress.Host), baseAddress.Port));
        return new KeepAliveConnection(socket);
    }

    public static byte[] Get(Uri baseAddress, string path) =>
        Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAccept: text/html\r\nAccept-Language: ja\r\n\r\n");

    public static byte[] PostJson(Uri baseAddress, string path, byte[] json) =>
    [
        .. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {json.Length}\r\n\r\n")),
        .. json,
    ];

    /// <summary>Sends <paramref name="request"/> and returns the answer's status code and body.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(byte[] request)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        int headerEnd;
        while ((headerEnd = IndexOf("\r\n\r\n"u8, _start)) < 0)
        {
            await FillAsync();
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + 4;
        var lines = head.Split("\r\n");
        var status = (HttpStatusCode)int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        string? Header(string name) => lines.Skip(1).Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();

        if (Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var body = new MemoryStream();
            while (true)
            {
                int lineEnd;
                while ((lineEnd = IndexOf("\r\n"u8, _start)) < 0)
                {
                    await FillAsync();
                }

                var sizeText = Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0];
                var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _start = lineEnd + 2;
                await EnsureAsync(size + 2);
                body.Write(_buffer, _start, size);
                _start += size + 2;
                if (size == 0)
                {
                    return (status, body.ToArray());
                }
            }
        }

        var length = Header("Content-Length") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        await EnsureAsync(length);
        var answer = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        return (status, answer);
    }

    private int IndexOf(ReadOnlySpan<byte> needle, int from)
    {
        var at = _buffer.AsSpan(from, _end - from).IndexOf(needle);
        return at < 0 ? -1 : from + at;
    }

    private async Task EnsureAsync(int count)
    {
        while (_end - _start < count)
        {
            await FillAsync();
        }
    }

    /// <summary>Reads more bytes, first moving what is unread to the front (and growing the buffer when it is full).</summary>
    private async Task FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("The app closed the connection.");
        }

        _end += read;
    }

    public void Dispose() => _socket.Dispose();
}
