using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using System.Text;
using Tsunagari.Web.Infrastructure.Email;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Accounts;

/// <summary>The account mails. Each is queued in the caller's unit of work (see <see cref="MailOutbox"/>).</summary>
public sealed class AccountMails(
    MailOutbox outbox,
    UserManager<AppUser> users,
    IStringLocalizer<AccountMails> l,
    IOptions<SiteOptions> site,
    IHttpContextAccessor http)
{
    public async Task QueueConfirmationAsync(AppUser user)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = Link($"/account/confirm?userId={user.Id}&code={code}");
        outbox.Enqueue(user.Email!, user.DisplayName, l["【つながり】メールアドレスの確認"],
            l["{0} さん\n\nつながりへの登録ありがとうございます。\n次のリンクを開いて、メールアドレスを確認してください。\n\n{1}\n\nこのリンクは3日間使えます。\n心当たりがない場合は、このメールを捨ててください。登録は完了しません。", user.DisplayName, link]);
    }

    public void QueueAlreadyRegistered(AppUser user)
    {
        outbox.Enqueue(user.Email!, user.DisplayName, l["【つながり】登録のお申し込みについて"],
            l["{0} さん\n\nこのメールアドレスで新しい登録のお申し込みがありましたが、すでにアカウントがあります。\nサインインはこちら: {1}\nパスワードを忘れたときはこちら: {2}\n\n心当たりがない場合は、このメールを捨ててください。", user.DisplayName, Link("/account/login"), Link("/account/forgot")]);
    }

    public async Task QueuePasswordResetAsync(AppUser user)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = Link($"/account/reset?userId={user.Id}&code={code}");
        outbox.Enqueue(user.Email!, user.DisplayName, l["【つながり】パスワードの再設定"],
            l["{0} さん\n\nパスワードを再設定するには、次のリンクを開いてください。\n\n{1}\n\nこのリンクは3日間使えます。\n心当たりがない場合は、このメールを捨ててください。パスワードは変わりません。", user.DisplayName, link]);
    }

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string Link(string pathAndQuery)
    {
        var baseUrl = site.Value.BaseUrl?.ToString().TrimEnd('/');
        if (baseUrl is null && http.HttpContext?.Request is { } request)
        {
            baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        }

        return (baseUrl ?? "http://127.0.0.1:5000") + pathAndQuery;
    }
}
