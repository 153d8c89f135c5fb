using Npgsql;

namespace Tsunagari.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL database per test run, on the server that <c>./tsunagari test</c> starts
/// (<c>TSUNAGARI_TEST_DB</c>); dropped at the end.
/// </summary>
public sealed class TestDatabase
{
    public string ConnectionString { get; }

    private readonly string _admin;
    private readonly string _name;

    private TestDatabase(string server, string admin, string name)
    {
        _admin = admin;
        _name = name;
        // From the server's string, not the admin one: that turns pooling off (it is used once per run), and the app
        // then opened a new PostgreSQL backend for every command (≈ 10 ms each, most of the suite's database time).
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        var server = Environment.GetEnvironmentVariable("TSUNAGARI_TEST_DB");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "TSUNAGARI_TEST_DB is not set. Run the tests with ./tsunagari test (it starts a throwaway PostgreSQL), " +
                "or set TSUNAGARI_TEST_DB to a server connection string such as Host=127.0.0.1;Port=5432;Username=postgres.");
        }

        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        var name = $"tsunagari_{purpose}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new TestDatabase(server, admin, name);
    }

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
