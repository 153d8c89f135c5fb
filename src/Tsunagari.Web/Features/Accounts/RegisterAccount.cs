using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Accounts;

/// <summary>
/// Sign-up: the account and its confirmation mail are written in one transaction. An address that already has
/// an account gets a "you already have one" mail instead, and the page says the same either way, so sign-up
/// cannot be used to find out who is registered.
/// </summary>
public sealed class RegisterAccount(TsunagariDbContext db, UserManager<AppUser> users, AccountMails mails, TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record MailSent : Result;

        public sealed record Invalid(IReadOnlyList<string> Errors) : Result;
    }

    public async Task<Result> HandleAsync(RegisterForm form, CancellationToken ct)
    {
        var email = form.Email.Trim();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync<Result>(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var existing = await users.FindByEmailAsync(email);
            if (existing is not null)
            {
                mails.QueueAlreadyRegistered(existing);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return new Result.MailSent();
            }

            var user = new AppUser
            {
                UserName = email,
                Email = email,
                DisplayName = form.DisplayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, form.Password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                return new Result.Invalid(created.Errors.Select(e => e.Description).ToList());
            }

            await mails.QueueConfirmationAsync(user);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Result.MailSent();
        });
    }
}
