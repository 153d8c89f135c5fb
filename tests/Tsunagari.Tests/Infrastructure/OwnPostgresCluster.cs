using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tsunagari.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of a test's own (initdb in a temporary folder, a free port), for tests that stop and start the
/// server — which the shared test server cannot do without disturbing every other test. Runs the server as the
/// <c>postgres</c> user when the tests run as root, as PostgreSQL refuses root.
/// </summary>
public sealed class OwnPostgresCluster : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    private OwnPostgresCluster(string dir, string bin, int port)
    {
        _dir = dir;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=3;Command Timeout=10";

    public static async Task<OwnPostgresCluster> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("TSUNAGARI_PG_BIN") is { Length: > 0 } configured
            ? configured
            : Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).Select(d => Path.Combine(d, "bin")).First();
        var dir = Path.Combine(Path.GetTempPath(), $"tsunagari-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", $"postgres: {dir}", asPostgres: false);
        }

        var cluster = new OwnPostgresCluster(dir, bin, FreePort());
        await cluster.PgAsync("initdb", $"-D {dir}/db -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync");
        await cluster.StartServerAsync();
        return cluster;
    }

    public Task StartServerAsync() =>
        PgAsync("pg_ctl", $"-D {_dir}/db -l {_dir}/server.log -w -t 30 -o \"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off\" start");

    /// <summary>Stops the server the way a restart or failover does: open connections are cut.</summary>
    public Task StopServerAsync() => PgAsync("pg_ctl", $"-D {_dir}/db -m fast -w stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Task PgAsync(string tool, string arguments) => RunAsync(Path.Combine(_bin, tool), arguments, asPostgres: Environment.IsPrivilegedProcess);

    private static async Task RunAsync(string program, string arguments, bool asPostgres)
    {
        // Through sh with output to /dev/null: the server pg_ctl starts must not hold our pipes open.
        var command = asPostgres ? $"runuser -u postgres -- {program} {arguments}" : $"{program} {arguments}";
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"setsid {command} </dev/null >/dev/null 2>&1"]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed with exit code {process.ExitCode}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
