using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Infrastructure.Email;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>Volunteer mails, queued in the caller's unit of work (see <see cref="MailOutbox"/>), with signed links.</summary>
public sealed class VolunteerMails(
    MailOutbox outbox,
    SignedLinks links,
    TimeProvider clock,
    IStringLocalizer<VolunteerMails> l,
    IOptions<SiteOptions> site,
    IHttpContextAccessor http)
{
    public const string CancelPurpose = "volunteer-signup-cancel";

    /// <summary>A cancel link that works until a day after the shift has ended.</summary>
    public string CancelToken(Guid signupId, DateTimeOffset shiftEndsAt)
    {
        var lifetime = shiftEndsAt.AddDays(1) - clock.GetUtcNow();
        return links.Create(CancelPurpose, signupId.ToString("N", CultureInfo.InvariantCulture), lifetime < TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : lifetime);
    }

    public string CancelLink(Guid signupId, DateTimeOffset shiftEndsAt) =>
        Link("/volunteer/signups/cancel?token=" + Uri.EscapeDataString(CancelToken(signupId, shiftEndsAt)));

    public void QueueSignedUp(ShiftSignup signup, Shift shift, Opportunity opportunity, string name, int? waitlistRank)
    {
        if (signup.Email is null)
        {
            return;
        }

        var body = signup.Status == SignupStatus.Confirmed
            ? l["{0} さん\n\nボランティアのお申し込みを受け付けました。参加が決まりました。\n\n{1}\n日時: {2}\n場所: {3}\n\n前の日にお知らせのメールを送ります。\n行けなくなったときは、次のリンクから取り消してください。\n{4}\n\n募集のページ: {5}", name, opportunity.Title, When(shift), Where(opportunity), CancelLink(signup.Id, shift.EndsAt), Link($"/volunteer/{opportunity.Id}")]
            : l["{0} さん\n\nボランティアのお申し込みを受け付けました。いまは定員に達しているため、キャンセル待ち（{6}番目）です。\n空きが出たら、自動で参加が決まり、メールでお知らせします。\n\n{1}\n日時: {2}\n場所: {3}\n\nお申し込みを取り消すときは、次のリンクを開いてください。\n{4}\n\n募集のページ: {5}", name, opportunity.Title, When(shift), Where(opportunity), CancelLink(signup.Id, shift.EndsAt), Link($"/volunteer/{opportunity.Id}"), waitlistRank ?? 0];
        outbox.Enqueue(signup.Email, name, l["【つながり】ボランティアのお申し込み: {0}", opportunity.Title], body);
    }

    public void QueuePromoted(ShiftSignup signup, Shift shift, Opportunity opportunity, string name)
    {
        if (signup.Email is null)
        {
            return;
        }

        outbox.Enqueue(signup.Email, name, l["【つながり】参加が決まりました: {0}", opportunity.Title],
            l["{0} さん\n\nキャンセル待ちをしていたボランティアに空きが出たため、参加が決まりました。\n\n{1}\n日時: {2}\n場所: {3}\n\n行けないときは、次のリンクから取り消してください。ほかの方に順番が回ります。\n{4}", name, opportunity.Title, When(shift), Where(opportunity), CancelLink(signup.Id, shift.EndsAt)]);
    }

    public void QueueReminder(ShiftSignup signup, Shift shift, Opportunity opportunity, string name)
    {
        if (signup.Email is null)
        {
            return;
        }

        outbox.Enqueue(signup.Email, name, l["【つながり】明日のボランティアのお知らせ: {0}", opportunity.Title],
            l["{0} さん\n\n明日は、次のボランティアの日です。よろしくお願いします。\n\n{1}\n日時: {2}\n場所: {3}\n\n行けなくなったときは、次のリンクから取り消してください。\n{4}", name, opportunity.Title, When(shift), Where(opportunity), CancelLink(signup.Id, shift.EndsAt)]);
    }

    public void QueueInvitation(string email, string name, Shift shift, Opportunity opportunity)
    {
        outbox.Enqueue(email, name, l["【つながり】ボランティアのお願い: {0}", opportunity.Title],
            l["{0} さん\n\n地域のコーディネーターから、ボランティアのお願いです。\nあなたのプロフィール（できること・地域・都合のよい日）に合いそうな活動に、まだ空きがあります。\n\n{1}\n日時: {2}\n場所: {3}\n\nご都合がよければ、次のページから申し込んでください。もちろん、お断りいただいてもかまいません。\n{4}", name, opportunity.Title, When(shift), Where(opportunity), Link($"/volunteer/{opportunity.Id}")]);
    }

    public static string When(Shift shift)
    {
        var start = shift.StartsAt.ToJapan();
        var end = shift.EndsAt.ToJapan();
        var ja = CultureInfo.GetCultureInfo("ja-JP");
        return start.ToString("yyyy年M月d日(ddd) H:mm", ja) + "〜" + end.ToString("H:mm", ja);
    }

    private static string Where(Opportunity opportunity) =>
        string.IsNullOrWhiteSpace(opportunity.LocationText) ? opportunity.Area?.Name ?? "" : opportunity.LocationText;

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
