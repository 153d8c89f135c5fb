using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Salons.Scheduling;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Places;

/// <summary>
/// 居場所 as the venue of salons, town meetings and volunteering: staff choose from the published places of the area,
/// and the public pages show the place only as the public may see it.
/// </summary>
public sealed class PlaceLinkTests(TsunagariApp app) : AppTest(app)
{
    private const string Block = "テスト市東町一丁目";
    private const string Detail = "1-2-3 東会館";

    private Dictionary<string, int> _areas = [];

    [Fact]
    public async Task Salon_form_offers_the_areas_published_places_and_the_salon_page_links_the_place_without_its_hidden_address()
    {
        var (client, places) = await CoordinatorWithPlacesAsync();
        var form = await client.GetDocumentAsync("/staff/salons/new");
        Assert.Equal([places.Reduced, places.Exact], Offered(form));

        var response = await client.PostAsync("/staff/salons/new", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(form)), new("SubmissionId", form.QuerySelector("input[name=SubmissionId]")!.GetAttribute("value")!),
            new("Name", "ひがし水曜サロン"), new("AreaId", Id(_areas["east-1"])), new("PlaceId", Id(places.Reduced)), new("VenueName", ""),
            new("ForWhom", SalonAudiences.Seniors), new("ScheduleKind", nameof(ScheduleKind.Weekly)), new("Weekdays", "3"),
            new("StartTime", "10:00"), new("EndTime", "12:00"), new("StartDate", DateTime.UtcNow.AddHours(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("HolidayRule", nameof(HolidayRule.Hold)), new("IsPublic", "true"), new("IsPublic", "false"),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var salon = await App.WithScopeAsync(sp => sp.Db().Set<Salon>().AsNoTracking().SingleAsync());
        Assert.Equal(((int?)places.Reduced, "お宅のサロン"), (salon.PlaceId, salon.VenueName));
        var page = await App.CreateClient().GetDocumentAsync($"/salons/{salon.Id}");
        var venue = page.QuerySelector($"a[href='/places/{places.Reduced}']")!;
        Assert.Equal("お宅のサロン", venue.TextContent);
        Assert.Contains(Block, venue.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("1-2-3", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meeting_form_with_a_place_shows_the_place_linked_with_its_public_address_on_the_meeting_page()
    {
        var (client, places) = await CoordinatorWithPlacesAsync();
        var form = await client.GetDocumentAsync("/staff/meetings/new");
        Assert.Equal([places.Reduced, places.Exact], Offered(form));

        var response = await client.PostAsync("/staff/meetings/new", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(form)), new("Title", "東地区の話し合い"), new("Date", "2030-05-10"), new("StartTime", "13:30"),
            new("EndTime", "15:30"), new("DeadlineDate", "2030-05-08"), new("DeadlineTime", "17:00"), new("PlaceId", Id(places.Exact)),
            new("VenueName", ""), new("VenueAddress", ""), new("OnlineUrl", ""), new("AreaId", Id(_areas["east"])), new("Capacity", "40"),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var meeting = await App.WithScopeAsync(sp => sp.Db().Set<TownMeeting>().AsNoTracking().SingleAsync());
        Assert.Equal(((int?)places.Exact, "東町ふれあい館"), (meeting.PlaceId, meeting.VenueName));
        var page = await App.CreateClient().GetDocumentAsync($"/meetings/{meeting.Id}");
        var venue = page.QuerySelector($"a[href='/places/{places.Exact}']")!;
        Assert.Equal("東町ふれあい館", venue.TextContent);
        Assert.Contains($"（{Block}{Detail}）", venue.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Volunteering_form_with_a_place_shows_the_place_linked_on_the_opportunity_page()
    {
        var (client, places) = await CoordinatorWithPlacesAsync();
        var form = await client.GetDocumentAsync("/staff/volunteering/new");
        Assert.Equal([places.Reduced, places.Exact], Offered(form));

        var response = await client.PostAsync("/staff/volunteering/new", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(form)), new("Title", "お茶会の準備"), new("Description", "机といすを並べます。"),
            new("HostName", "東町ふれあいの会"), new("AreaId", Id(_areas["east-1"])), new("PlaceId", Id(places.Exact)), new("LocationText", "玄関前に集合"),
            new("SkillIds", "1"), new("IsPublished", "true"), new("IsPublished", "false"),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var opportunity = await App.WithScopeAsync(sp => sp.Db().Set<Opportunity>().AsNoTracking().SingleAsync());
        Assert.Equal(places.Exact, opportunity.PlaceId);
        var page = await App.CreateClient().GetDocumentAsync($"/volunteer/{opportunity.Id}");
        Assert.Equal("東町ふれあい館", page.QuerySelector($"a[href='/places/{places.Exact}']")!.TextContent);
        Assert.Contains("玄関前に集合", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_pending_or_out_of_area_place_is_refused_with_422_and_nothing_is_saved()
    {
        var (client, places) = await CoordinatorWithPlacesAsync();
        var salonForm = await client.GetDocumentAsync("/staff/salons/new");
        var salon = await client.PostAsync("/staff/salons/new", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(salonForm)), new("SubmissionId", Guid.NewGuid().ToString()), new("Name", "隠れサロン"),
            new("AreaId", Id(_areas["east-1"])), new("PlaceId", Id(places.Hidden)), new("VenueName", "東集会所"), new("ForWhom", SalonAudiences.Everyone),
            new("ScheduleKind", nameof(ScheduleKind.Weekly)), new("Weekdays", "3"), new("StartTime", "10:00"), new("EndTime", "12:00"),
            new("StartDate", "2030-01-01"), new("HolidayRule", nameof(HolidayRule.Hold)), new("IsPublic", "true"),
        ]));
        var meetingForm = await client.GetDocumentAsync("/staff/meetings/new");
        var meeting = await client.PostAsync("/staff/meetings/new", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(meetingForm)), new("Title", "話し合い"), new("Date", "2030-05-10"), new("StartTime", "13:30"),
            new("EndTime", "15:30"), new("DeadlineDate", "2030-05-08"), new("PlaceId", Id(places.Pending)), new("AreaId", Id(_areas["east"])), new("Capacity", "10"),
        ]));
        var volunteeringForm = await client.GetDocumentAsync("/staff/volunteering/new");
        var opportunity = await client.PostAsync("/staff/volunteering/new", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(volunteeringForm)), new("Title", "準備"), new("Description", "並べます。"), new("HostName", "会"),
            new("AreaId", Id(_areas["east-1"])), new("PlaceId", Id(places.OtherSchoolDistrict)), new("IsPublished", "true"),
        ]));

        Assert.Equal((HttpStatusCode)422, salon.StatusCode);
        Assert.Contains("選んだ居場所は見つからないか、公開されていません", await salon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, meeting.StatusCode);
        Assert.Contains("選んだ居場所は見つからないか、公開されていません", (await meeting.ReadDocumentAsync()).QuerySelector("#PlaceId-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, opportunity.StatusCode);
        Assert.Contains("選んだ居場所は、この地域の中にありません", await opportunity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Set<Salon>().CountAsync());
            Assert.Equal(0, await db.Set<TownMeeting>().CountAsync());
            Assert.Equal(0, await db.Set<Opportunity>().CountAsync());
        });
    }

    /// <summary>
    /// A coordinator of 東圏域 and places: two published ones in its subtree (one reduced precision), and ones that must not
    /// be offered: 非公開, pending, and one in 西圏域.
    /// </summary>
    private async Task<(HttpClient Client, (int Exact, int Reduced, int Hidden, int Pending, int OtherSchoolDistrict) Places)> CoordinatorWithPlacesAsync()
    {
        _areas = await App.SeedAreasAsync();
        var coordinator = await App.CreateUserAsync("sc@example.jp");
        await App.GrantAsync(coordinator, Roles.Coordinator, _areas["east"]);
        var exact = await App.AddPlaceAsync(_areas["east-1"], "東町ふれあい館", p => (p.AddressArea, p.AddressDetail, p.NameKana) = (Block, Detail, "ヒガシマチ"));
        var reduced = await App.AddPlaceAsync(_areas["east-1"], "お宅のサロン", p => (p.Precision, p.NameKana) = (LocationPrecision.Reduced, "オタク"));
        var hidden = await App.AddPlaceAsync(_areas["east-1"], "避難所", p => p.Visibility = PlaceVisibility.Hidden);
        var pending = await App.AddPlaceAsync(_areas["east-2"], "申請中の場", p => p.Status = PlaceStatus.Pending);
        var west = await App.AddPlaceAsync(_areas["west-1"], "西の居場所");
        var client = await App.SignedInAsync("sc@example.jp");
        return (client, (exact, reduced, hidden, pending, west));
    }

    private static List<int> Offered(IHtmlDocument page) =>
        page.QuerySelectorAll("select[name=PlaceId] option").Select(o => o.GetAttribute("value")).Where(v => !string.IsNullOrEmpty(v))
            .Select(v => int.Parse(v!, CultureInfo.InvariantCulture)).ToList();

    private static string Token(IHtmlDocument page) => page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

internal static class PlaceLinkScope
{
    public static Tsunagari.Web.Data.TsunagariDbContext Db(this IServiceProvider sp) =>
        (Tsunagari.Web.Data.TsunagariDbContext)sp.GetService(typeof(Tsunagari.Web.Data.TsunagariDbContext))!;
}
