using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Email;

namespace Tsunagari.Tests.Site;

/// <summary>Two app instances on one database behave as one (quality.md, reliability).</summary>
public sealed class TwoInstanceTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task A_sign_in_on_one_instance_is_honoured_by_another()
    {
        await App.CreateUserAsync("hop@example.jp", "渡り 鳥");
        var first = await App.SignedInAsync("hop@example.jp");
        var cookie = (await first.GetAsync("/account")).RequestMessage!.Headers.GetValues("Cookie").Single();

        await using var second = App.WithWebHostBuilder(_ => { });
        var other = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account");
        request.Headers.Add("Cookie", cookie);
        var response = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("渡り 鳥さんのページ", (await response.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task With_two_dispatchers_on_one_database_every_mail_is_sent_exactly_once()
    {
        await using var second = App.WithWebHostBuilder(_ => { });
        _ = second.Services; // start the second instance and its dispatcher
        await App.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<MailOutbox>();
            for (var i = 0; i < 60; i++)
            {
                outbox.Enqueue($"many{i}@example.jp", null, $"通知 {i}", "本文");
            }

            await sp.GetRequiredService<TsunagariDbContext>().SaveChangesAsync();
            return true;
        });

        await App.Smtp.WaitForAsync(60);
        await Task.Delay(1500); // further rounds on both instances must find nothing to resend
        Assert.Equal(60, App.Smtp.Received.Count);
        Assert.Equal(60, App.Smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }
}
