using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;

namespace Tsunagari.Tests.Site;

/// <summary>A real PostgreSQL server stopped and started again while people keep signing up.</summary>
public sealed class DatabaseRestartTests(TsunagariApp app) : AppTest(app)
{
    private sealed record Outcome(string Email, HttpStatusCode Status, bool HasRetryAfter, TimeSpan Took, DateTimeOffset At);

    [Fact]
    public async Task A_database_restart_under_load_gives_quick_503s_then_recovers_without_restarting_the_app_and_loses_no_acknowledged_signup()
    {
        await using var cluster = await OwnPostgresCluster.StartAsync();
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE tsunagari", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using var site = App.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Tsunagari", cluster.ConnectionString("tsunagari")));
        var warmUp = await site.CreateClient().GetAsync("/account/register"); // starts the app and migrates, once
        Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        var outcomes = new ConcurrentBag<Outcome>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var client = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            var form = await client.GetDocumentAsync("/account/register");
            var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var email = $"w{worker}-{i}@example.jp";
                var clock = Stopwatch.StartNew();
                using var response = await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["DisplayName"] = "再起動 試験",
                    ["Email"] = email,
                    ["Password"] = TsunagariApp.Password,
                    ["ConfirmPassword"] = TsunagariApp.Password,
                    ["__RequestVerificationToken"] = token,
                }));
                outcomes.Add(new Outcome(email, response.StatusCode, response.Headers.Contains("Retry-After"), clock.Elapsed, DateTimeOffset.UtcNow));
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    await Task.Delay(100);
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.StopServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await cluster.StartServerAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(8));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var all = outcomes.ToList();
        var acknowledged = all.Where(o => o.Status == HttpStatusCode.Redirect).Select(o => o.Email).ToHashSet();
        var unavailable = all.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();

        // Every answer is a success or a friendly 503 with Retry-After; nothing else, never a 500.
        Assert.All(all, o => Assert.True(o.Status is HttpStatusCode.Redirect or HttpStatusCode.ServiceUnavailable, $"{o.Email}: {(int)o.Status}"));
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, o => Assert.True(o.HasRetryAfter));
        // Quick: the outage is answered within the connection retries, not after a long hang.
        Assert.All(unavailable, o => Assert.True(o.Took < TimeSpan.FromSeconds(8), $"503 took {o.Took}"));

        // The same app, without a restart, works again once the database is back.
        var after = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var late = await after.PostFormAsync("/account/register", "/account/register", new()
        {
            ["DisplayName"] = "復旧 確認", ["Email"] = "after@example.jp", ["Password"] = TsunagariApp.Password, ["ConfirmPassword"] = TsunagariApp.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Contains(all, o => o.Status == HttpStatusCode.Redirect && o.At > restartedAt); // the load itself recovered

        // Nothing acknowledged was lost: every sign-up answered with success is in the database, with its mail queued.
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TsunagariDbContext>();
        var stored = (await db.Users.Select(u => u.Email!).ToListAsync()).ToHashSet();
        Assert.Subset(stored, acknowledged);
        var mailed = await db.Set<Tsunagari.Web.Infrastructure.Email.OutboxMessage>().CountAsync();
        Assert.True(mailed >= acknowledged.Count, $"{mailed} mails for {acknowledged.Count} sign-ups");
    }
}
