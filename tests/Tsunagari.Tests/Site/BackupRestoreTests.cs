using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;

namespace Tsunagari.Tests.Site;

public sealed class BackupRestoreTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task Backup_then_restore_brings_back_every_row_exactly()
    {
        // Demo data: Japanese names, a tree with paths and populations, accounts with password hashes, role grants.
        // (Nothing that the running app's background work changes while the test runs.)
        await App.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
            return true;
        });
        var before = await FingerprintAsync();
        var file = Path.Combine(Path.GetTempPath(), $"tsunagari-{Guid.NewGuid():N}.dump");
        try
        {
            await RunScriptAsync("backup", file);
            await ExecuteAsync("DELETE FROM role_grants; UPDATE areas SET name = '変更'; DELETE FROM \"AspNetUsers\" WHERE email LIKE 'council%';");
            Assert.NotEqual(before, await FingerprintAsync());

            await RunScriptAsync("restore", file);

            Assert.Equal(before, await FingerprintAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>An md5 of every table's rows, in a stable order, plus the sequences' positions.</summary>
    private async Task<Dictionary<string, string>> FingerprintAsync()
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var hash = new NpgsqlCommand($"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t", connection);
            result[table] = (string)(await hash.ExecuteScalarAsync())!;
        }

        await using var sequences = new NpgsqlCommand("SELECT string_agg(sequencename || '=' || coalesce(last_value, 0), ',' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'public'", connection);
        result["(sequences)"] = (await sequences.ExecuteScalarAsync())?.ToString() ?? "";
        return result;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task RunScriptAsync(string command, string file)
    {
        var root = Tsunagari.Web.RepositoryLayout.Locate().WebRoot[..^"wwwroot".Length];
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "tsunagari"), command, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Tsunagari"] = App.ConnectionString;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"./tsunagari {command} failed: {await stderr}");
    }
}
