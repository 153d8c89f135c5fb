using Microsoft.AspNetCore.Mvc;

namespace Tsunagari.Web.Features.Meetings;

/// <summary>"Next meetings" on the home page: the next three, with seats left.</summary>
public sealed class NextMeetingsViewComponent(MeetingQueries queries) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View("~/Features/Meetings/NextMeetings.cshtml", await queries.UpcomingAsync(0, 3, HttpContext.RequestAborted));
}
