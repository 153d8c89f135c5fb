using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Infrastructure.Email;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>Registration mails, queued in the caller's transaction (see <see cref="MailOutbox"/>). Phone-only registrants get none.</summary>
public sealed class MeetingMails(
    MailOutbox outbox,
    IStringLocalizer<MeetingMails> l,
    IOptions<SiteOptions> site,
    IHttpContextAccessor http)
{
    /// <summary>
    /// The registration mail for the registration's status, built but not queued: <see cref="RegisterForMeeting"/> writes
    /// it in the same statement as the registration. Null for phone-only registrants.
    /// </summary>
    public OutboxMessage? Registered(TownMeeting meeting, MeetingRegistration registration, string cancelToken)
    {
        if (registration.Email is null)
        {
            return null;
        }

        return registration.Status == RegistrationStatus.Confirmed
            ? Build(meeting, registration, l["【つながり】タウンミーティングのお申し込みを受け付けました"],
                l["お申し込みを受け付けました。参加が確定しています。"], cancelToken, withCalendar: true)
            : Build(meeting, registration, l["【つながり】タウンミーティングのキャンセル待ちを受け付けました"],
                l["定員に達しているため、キャンセル待ちで受け付けました。席が空いたら、順番にご案内のメールをお送りします。"], cancelToken, withCalendar: false);
    }

    public void QueuePromoted(TownMeeting meeting, MeetingRegistration registration, string cancelToken)
    {
        if (registration.Email is not null)
        {
            Queue(meeting, registration, l["【つながり】キャンセル待ちから参加が確定しました"],
                l["席が空いたので、キャンセル待ちから参加が確定しました。"], cancelToken, withCalendar: true);
        }
    }

    public void QueueReminder(TownMeeting meeting, MeetingRegistration registration, string cancelToken)
    {
        if (registration.Email is not null)
        {
            Queue(meeting, registration, l["【つながり】明日はタウンミーティングの日です"],
                l["明日はタウンミーティングの日です。お気をつけてお越しください。"], cancelToken, withCalendar: true);
        }
    }

    public string PageUrl(TownMeeting meeting) => Link($"/meetings/{meeting.Id}");

    public string CancelUrl(string token) => Link("/meetings/registration?token=" + Uri.EscapeDataString(token));

    private void Queue(TownMeeting meeting, MeetingRegistration registration, string subject, string lead, string cancelToken, bool withCalendar) =>
        outbox.Add(Build(meeting, registration, subject, lead, cancelToken, withCalendar));

    private OutboxMessage Build(TownMeeting meeting, MeetingRegistration registration, string subject, string lead, string cancelToken, bool withCalendar)
    {
        var start = meeting.StartsAt.ToJapan();
        var end = meeting.EndsAt.ToJapan();
        var text = new StringBuilder();
        text.Append(l["{0} さん", registration.Name]).Append("\n\n").Append(lead).Append("\n\n");
        text.Append(l["タウンミーティング: {0}", meeting.Title]).Append('\n');
        text.Append(l["日時: {0} {1}〜{2}", start.ToString("yyyy年M月d日(ddd)", CultureInfo.GetCultureInfo("ja-JP")), start.ToString("HH:mm", CultureInfo.InvariantCulture), end.ToString("HH:mm", CultureInfo.InvariantCulture)]).Append('\n');
        text.Append(l["会場: {0}", MeetingCalendar.Venue(meeting)]).Append('\n');
        if (meeting.OnlineUrl is not null && registration.Status == RegistrationStatus.Confirmed)
        {
            text.Append(l["オンライン参加: {0}", meeting.OnlineUrl]).Append('\n');
        }

        text.Append(l["人数: {0}人", registration.PartySize]).Append('\n');
        var needs = AccessibilityLabels.In(registration.Needs).Select(n => l[n.Label].Value).ToList();
        if (needs.Count > 0)
        {
            text.Append(l["ご希望の配慮: {0}", string.Join("、", needs)]).Append('\n');
        }

        text.Append('\n').Append(l["くわしくはこちら: {0}", PageUrl(meeting)]).Append("\n\n");
        text.Append(l["参加できなくなったときは、次のリンクから取り消してください。キャンセル待ちの方に席をおゆずりします。"]).Append('\n');
        text.Append(CancelUrl(cancelToken)).Append('\n');
        if (withCalendar)
        {
            text.Append('\n').Append(l["カレンダーに追加するためのファイル（meeting.ics）を添付しています。"]).Append('\n');
        }

        var calendar = withCalendar
            ? new MailAttachment("meeting.ics", "text/calendar", MeetingCalendar.Build(meeting, PageUrl(meeting)))
            : null;
        return outbox.Create(registration.Email!, registration.Name, subject, text.ToString(), calendar);
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
