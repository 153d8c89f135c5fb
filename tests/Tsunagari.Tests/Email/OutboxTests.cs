using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Email;

namespace Tsunagari.Tests.Email;

public sealed class OutboxTests(TsunagariApp app) : AppTest(app)
{
    private Task<bool> QueueAsync(string to, string subject) => App.WithScopeAsync(async sp =>
    {
        sp.GetRequiredService<MailOutbox>().Enqueue(to, null, subject, "本文です。");
        await sp.GetRequiredService<TsunagariDbContext>().SaveChangesAsync();
        return true;
    });

    [Fact]
    public async Task Mail_queued_while_the_smtp_server_is_down_is_delivered_exactly_once_when_it_is_back()
    {
        App.Smtp.Stop();
        try
        {
            await QueueAsync("a@example.jp", "一通目");
            await QueueAsync("b@example.jp", "二通目");

            // The dispatcher tries, fails and reschedules: the mail waits in the outbox, not lost.
            await WaitUntilAsync(async db => await db.OutboxMessages.AllAsync(m => m.Attempts >= 1 && m.SentAt == null && m.LastError != null));
            Assert.Empty(App.Smtp.Received);
        }
        finally
        {
            App.Smtp.Restart();
        }

        var received = await App.Smtp.WaitForAsync(2);
        await WaitUntilAsync(async db => await db.OutboxMessages.AllAsync(m => m.SentAt != null));
        await Task.Delay(1000); // a further dispatcher round must not send anything again
        Assert.Equal(new[] { "一通目", "二通目" }, App.Smtp.Received.Select(m => m.Subject ?? "").Order().ToArray());
        Assert.Equal(2, received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Mail_is_not_queued_when_its_cause_is_rolled_back()
    {
        await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TsunagariDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                sp.GetRequiredService<MailOutbox>().Enqueue("c@example.jp", null, "取り消し", "本文");
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            });
            return true;
        });

        await App.WithDbAsync(async db => Assert.Equal(0, await db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_claimed_batch_is_not_sent_by_a_second_dispatcher()
    {
        await QueueAsync("d@example.jp", "一度だけ");
        await App.Smtp.WaitForAsync(1);
        var dispatcher = App.Services.GetRequiredService<OutboxDispatcher>();

        // A second pass (as a second instance would run) finds nothing left to send.
        Assert.Equal(0, await dispatcher.DispatchBatchAsync(CancellationToken.None));
        Assert.Single(App.Smtp.Received);
    }

    [Fact]
    public async Task A_mail_queued_as_a_whole_MIME_message_before_mail_was_composed_at_send_time_is_still_delivered()
    {
        var legacy = new MimeKit.MimeMessage();
        legacy.From.Add(new MimeKit.MailboxAddress("つながり", "no-reply@tsunagari.example.jp"));
        legacy.To.Add(new MimeKit.MailboxAddress("", "legacy@example.jp"));
        legacy.Subject = "移行前のメール";
        legacy.Body = new MimeKit.TextPart("plain") { Text = "移行前に作られたメールです。" };
        using var buffer = new MemoryStream();
        await legacy.WriteToAsync(buffer);
        await App.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.NewGuid(),
                CreatedAt = DateTimeOffset.UtcNow,
                NextAttemptAt = DateTimeOffset.UtcNow,
                Recipient = "legacy@example.jp",
                Subject = "移行前のメール",
                Mime = buffer.ToArray(),
            });
            await db.SaveChangesAsync();
        });

        var received = Assert.Single(await App.Smtp.WaitForAsync(1));
        Assert.Equal("移行前のメール", received.Subject);
        Assert.Contains("移行前に作られたメールです。", received.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sent_mail_is_deleted_once_past_its_retention_and_unsent_mail_never_is()
    {
        var now = DateTimeOffset.UtcNow;
        OutboxMessage Row(string recipient, DateTimeOffset createdAt, DateTimeOffset? sentAt) => new()
        {
            Id = Guid.NewGuid(),
            CreatedAt = createdAt,
            // Unsent rows wait for a retry far ahead, as after a long SMTP outage, so the dispatcher leaves them.
            NextAttemptAt = sentAt is null ? now.AddDays(1) : createdAt,
            Recipient = recipient,
            RecipientName = "山田 花子",
            Subject = "タウンミーティングのお申し込み",
            TextBody = "山田 花子 さん",
            SentAt = sentAt,
        };
        await App.WithDbAsync(async db =>
        {
            db.OutboxMessages.AddRange(
                Row("old-sent@example.jp", now.AddDays(-20), now.AddDays(-15)),
                Row("recent-sent@example.jp", now.AddDays(-13), now.AddDays(-13)),
                Row("old-unsent@example.jp", now.AddDays(-30), null));
            await db.SaveChangesAsync();
        });

        var deleted = await App.WithScopeAsync(sp => sp.GetRequiredService<SentMailRetention>().PurgeAsync(CancellationToken.None));

        Assert.Equal(1, deleted);
        await App.WithDbAsync(async db => Assert.Equal(
            ["old-unsent@example.jp", "recent-sent@example.jp"],
            await db.OutboxMessages.OrderBy(m => m.Recipient).Select(m => m.Recipient).ToListAsync()));
    }

    private async Task WaitUntilAsync(Func<TsunagariDbContext, Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var done = await App.WithScopeAsync(sp => condition(sp.GetRequiredService<TsunagariDbContext>()));
            if (done)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "Condition not reached in 15 s.");
            await Task.Delay(100);
        }
    }
}
