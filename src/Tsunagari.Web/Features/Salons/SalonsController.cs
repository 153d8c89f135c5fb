using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons.Scheduling;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Salons;

/// <summary>The public salon calendar, one salon's page, the A4 print sheet, iCalendar feeds and open data.</summary>
public sealed class SalonsController(
    SalonCalendar calendar,
    VenuePlaces venues,
    AreaTree areas,
    TimeProvider clock,
    IOptions<SiteOptions> site,
    IStringLocalizer<SharedResource> l) : Controller
{
    /// <summary>The area filter lists nodes down to this depth (都道府県 0, 市町村 1, 圏域 2, 小学校区 3).</summary>
    private const int FilterDepth = 3;

    [HttpGet("/salons")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag, PublicPageCache.Tags.Areas])]
    public async Task<IActionResult> Index(
        int? area, [FromQuery(Name = "for")] string? forWhom, string? month, string? view, string? day, int? page, CancellationToken ct)
    {
        DateOnly? oneDay = null;
        string? dayError = null;
        if (!string.IsNullOrEmpty(day))
        {
            if (DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
                && asked >= SaveSalon.EarliestDate && asked <= SaveSalon.LatestDate)
            {
                oneDay = asked;
                month = asked.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            }
            else
            {
                dayError = l["日にちは 2026-12-05 のように指定してください。今月の予定を表示しています。"];
            }
        }

        var model = await BuildMonthAsync(area, forWhom, month, ct);
        if (model is null)
        {
            return NotFound();
        }

        model = model with { ListView = view == "list", Day = oneDay, Error = model.Error ?? dayError };
        if (oneDay is DateOnly date)
        {
            var count = model.Sessions.Count(s => s.Date == date);
            var pages = Math.Max(1, (count + SalonMonthViewModel.DayPageSize - 1) / SalonMonthViewModel.DayPageSize);
            if (page is < 1 || page > pages)
            {
                return NotFound();
            }

            model = model with { Page = page ?? 1 };
        }

        if (model.Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View(model);
    }

    [HttpGet("/salons/print")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag, PublicPageCache.Tags.Areas])]
    public async Task<IActionResult> Print(int? area, [FromQuery(Name = "for")] string? forWhom, string? month, CancellationToken ct)
    {
        var model = await BuildMonthAsync(area, forWhom, month, ct);
        if (model is null)
        {
            return NotFound();
        }

        if (model.Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View(model);
    }

    [HttpGet("/salons/{id:int}")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag, PublicPageCache.Tags.Areas])]
    public async Task<IActionResult> Details(int id, CancellationToken ct)
    {
        var salon = await calendar.PublicSalonAsync(id, ct);
        if (salon is null)
        {
            return NotFound();
        }

        var today = JapanTime.Today(clock);
        var sessions = await calendar.SessionsAsync(null, null, today, today.AddMonths(3), ct, salonId: id);
        return View(new SalonDetailsViewModel(salon, sessions.Take(12).ToList()) { Place = await venues.ForDisplayAsync(salon.PlaceId, ct) });
    }

    [HttpGet("/salons/{id:int}.ics")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag])]
    public async Task<IActionResult> SalonFeed(int id, CancellationToken ct)
    {
        var salon = await calendar.PublicSalonAsync(id, ct);
        if (salon is null)
        {
            return NotFound();
        }

        var (from, to) = FeedRange();
        var sessions = await calendar.SessionsAsync(null, null, from, to, ct, salonId: id);
        var ics = SalonFeeds.ICalendar(salon.Name, sessions, new Dictionary<int, string> { [id] = salon.Description }, SiteBase(), clock.GetUtcNow());
        return File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"salon-{id}.ics");
    }

    [HttpGet("/salons/calendar.ics")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SalonsSetup.CacheTag, PublicPageCache.Tags.Areas])]
    public async Task<IActionResult> AreaFeed(int? area, CancellationToken ct)
    {
        string name = l["サロンの予定"];
        if (area is int areaId)
        {
            var node = (await areas.AllInTreeOrderAsync(ct)).FirstOrDefault(a => a.Id == areaId);
            if (node is null)
            {
                return NotFound();
            }

            name = l["{0}のサロン", node.Name];
        }

        var (from, to) = FeedRange();
        var sessions = await calendar.SessionsAsync(area, null, from, to, ct);
        var ics = SalonFeeds.ICalendar(name, sessions, new Dictionary<int, string>(), SiteBase(), clock.GetUtcNow());
        return File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "salons.ics");
    }

    /// <summary>自治体標準オープンデータセット イベント一覧: the public events of the next 90 days, streamed.</summary>
    [HttpGet("/opendata/events.csv")]
    public async Task EventsCsvAsync([FromServices] IEnumerable<IOpenDataEventSource> sources, CancellationToken ct)
    {
        var today = JapanTime.Today(clock);
        var allAreas = await areas.AllInTreeOrderAsync(ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=events.csv";
        await EventsCsv.WriteAsync(Response.Body, sources, allAreas, today, today.AddDays(90), SiteBase(), ct);
    }

    private (DateOnly From, DateOnly To) FeedRange()
    {
        var today = JapanTime.Today(clock);
        return (today.AddDays(-31), today.AddMonths(SalonSessionPlanner.HorizonMonths + 1));
    }

    private Uri SiteBase() => site.Value.BaseUrl ?? new Uri($"{Request.Scheme}://{Request.Host}/");

    private async Task<SalonMonthViewModel?> BuildMonthAsync(int? area, string? forWhom, string? month, CancellationToken ct)
    {
        var today = JapanTime.Today(clock);
        string? error = null;
        var first = new DateOnly(today.Year, today.Month, 1);
        if (!string.IsNullOrEmpty(month))
        {
            if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
                && asked >= SaveSalon.EarliestDate && asked <= SaveSalon.LatestDate)
            {
                first = asked;
            }
            else
            {
                error = l["月は 2026-12 のように、2000年から2099年の間で指定してください。今月の予定を表示しています。"];
            }
        }

        if (!string.IsNullOrEmpty(forWhom) && !SalonAudiences.All.Contains(forWhom))
        {
            error = l["対象の指定が正しくありません。すべての対象を表示しています。"];
            forWhom = null;
        }

        var allAreas = await areas.AllInTreeOrderAsync(ct);
        AreaListItem? selected = null;
        if (area is int areaId)
        {
            selected = allAreas.FirstOrDefault(a => a.Id == areaId);
            if (selected is null)
            {
                return null;
            }
        }

        var last = first.AddMonths(1).AddDays(-1);
        var sessions = await calendar.SessionsAsync(area, forWhom, first, last, ct);
        var holidays = JapaneseHolidays.Instance.ForYear(first.Year).Where(h => h.Key.Month == first.Month).ToDictionary();
        return new SalonMonthViewModel(
            first, selected, forWhom, false, AreaChoices.ForFilter(allAreas, FilterDepth, area), sessions, holidays, today, error);
    }
}

public sealed record SalonMonthViewModel(
    DateOnly Month,
    AreaListItem? Area,
    string? ForWhom,
    bool ListView,
    IReadOnlyList<AreaListItem> Areas,
    IReadOnlyList<SessionListItem> Sessions,
    IReadOnlyDictionary<DateOnly, string> Holidays,
    DateOnly Today,
    string? Error)
{
    /// <summary>
    /// Sessions shown per day in the month grid and the month list: a busy day (a whole 市 has hundreds) links to its
    /// own page instead, which keeps the month page small enough for a phone (quality.md: ≤ 100 KB, Lighthouse ≥ 95).
    /// </summary>
    public const int SessionsPerDay = 4;

    /// <summary>Sessions per page on the page of one day.</summary>
    public const int DayPageSize = 50;

    /// <summary>The one day shown (<c>?day=2026-12-05</c>), or null for the whole month.</summary>
    public DateOnly? Day { get; init; }

    /// <summary>The page of the one day's sessions, from 1.</summary>
    public int Page { get; init; } = 1;

    public static string DayValue(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A link to every session of one day with the same filters (paged by <see cref="DayPageSize"/>).</summary>
    public string DayLink(DateOnly day, int page = 1)
    {
        var query = FilterQuery();
        query.Add("day=" + DayValue(day));
        if (page > 1)
        {
            query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return "/salons?" + string.Join("&", query);
    }

    public string MonthValue(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A link to the same filters on another page, month or view.</summary>
    public string Link(string path, DateOnly? month = null, bool? list = null)
    {
        var query = FilterQuery();
        query.Add("month=" + MonthValue(month ?? Month));
        if (list ?? ListView)
        {
            query.Add("view=list");
        }

        return path + "?" + string.Join("&", query);
    }

    /// <summary>The area and audience filters as query parts, for every link that keeps them.</summary>
    private List<string> FilterQuery()
    {
        var query = new List<string>();
        if (Area is not null)
        {
            query.Add("area=" + Area.Id.ToString(CultureInfo.InvariantCulture));
        }

        if (ForWhom is not null)
        {
            query.Add("for=" + Uri.EscapeDataString(ForWhom));
        }

        return query;
    }

    /// <summary>The month as weeks of seven days, Sunday first; days of other months are null.</summary>
    public IReadOnlyList<DateOnly?[]> Weeks()
    {
        var weeks = new List<DateOnly?[]>();
        var day = Month.AddDays(-(int)Month.DayOfWeek);
        while (day <= Month.AddMonths(1).AddDays(-1))
        {
            var week = new DateOnly?[7];
            for (var i = 0; i < 7; i++, day = day.AddDays(1))
            {
                week[i] = day.Month == Month.Month ? day : null;
            }

            weeks.Add(week);
        }

        return weeks;
    }
}

public sealed record SalonDetailsViewModel(Salon Salon, IReadOnlyList<SessionListItem> NextSessions)
{
    /// <summary>The 居場所 it is held at, as the public may see it; null when none is linked or it is no longer public.</summary>
    public PublicPlace? Place { get; init; }
}
