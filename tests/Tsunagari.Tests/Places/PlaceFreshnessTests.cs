using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Tests.Places;

public sealed class PlaceFreshnessTests(TsunagariApp app) : AppTest(app)
{
    private Task<int> FlagAsync() => App.WithScopeAsync(sp => sp.GetRequiredService<FlagStalePlaces>().HandleAsync(CancellationToken.None));

    private Task<Place> PlaceAsync(int id) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<Place>().AsNoTracking().SingleAsync(p => p.Id == id));

    private async Task<(Dictionary<string, int> Areas, int Stale, int Fresh)> SeedAsync()
    {
        var areas = await App.SeedAreasAsync();
        var organizer = await App.CreateUserAsync("organizer@example.jp", "桜井 みどり");
        await App.GrantAsync(organizer, Roles.Organizer, areas["east-1"]);
        await App.GrantAsync(await App.CreateUserAsync("east-sc@example.jp"), Roles.Coordinator, areas["east"]);
        var stale = await App.AddPlaceAsync(areas["east-1"], "古いサロン", p => { p.OrganizerId = organizer.Id; p.LastConfirmedAt = DateTimeOffset.UtcNow.AddMonths(-7); });
        var fresh = await App.AddPlaceAsync(areas["east-1"], "新しいサロン", p => { p.OrganizerId = organizer.Id; p.LastConfirmedAt = DateTimeOffset.UtcNow.AddMonths(-5); });
        return (areas, stale, fresh);
    }

    [Fact]
    public async Task A_place_unconfirmed_for_six_months_is_flagged_and_its_organizer_gets_one_mail_whose_link_confirms_it()
    {
        var (_, stale, fresh) = await SeedAsync();

        Assert.Equal(1, await FlagAsync());
        Assert.Equal(0, await FlagAsync()); // not again in the same period

        var mail = await App.Smtp.WaitForMailToAsync("organizer@example.jp");
        Assert.Contains("古いサロン", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"/staff/places/{stale}/edit", mail.TextBody, StringComparison.Ordinal);
        Assert.NotNull((await PlaceAsync(stale)).StaleSince);
        Assert.Null((await PlaceAsync(fresh)).StaleSince);
        var coordinator = await App.SignedInAsync("east-sc@example.jp");
        var flagged = await coordinator.GetDocumentAsync("/staff/places?status=stale");
        Assert.Equal(["古いサロン"], flagged.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToList());

        // One click on the link, one press of the button: no sign-in needed.
        var organizer = App.Browser();
        var link = mail.LinkIn("/places/confirm");
        var page = await organizer.GetDocumentAsync(link);
        Assert.Contains("古いサロン", page.Body!.TextContent, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(link.Split("token=")[1]);
        var confirmed = await organizer.PostFormAsync(link, "/places/confirm", new() { ["token"] = token });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var place = await PlaceAsync(stale);
        Assert.Null(place.StaleSince);
        Assert.True(place.LastConfirmedAt > DateTimeOffset.UtcNow.AddMinutes(-1));
        var detail = await App.Browser().GetDocumentAsync($"/places/{stale}");
        Assert.Contains(place.LastConfirmedAt.ToJapan().ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture), detail.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, (await App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<PlaceHistoryEntry>().CountAsync(h => h.PlaceId == stale))));
    }

    [Fact]
    public async Task Expired_and_tampered_still_accurate_links_are_refused_with_a_friendly_page()
    {
        var (_, stale, _) = await SeedAsync();
        var before = (await PlaceAsync(stale)).LastConfirmedAt;
        var links = App.Services.GetRequiredService<SignedLinks>();
        var payload = FlagStalePlaces.TokenPayload(await PlaceAsync(stale));
        var expired = links.Create(FlagStalePlaces.LinkPurpose, payload, TimeSpan.FromSeconds(-1));
        var valid = links.Create(FlagStalePlaces.LinkPurpose, payload, TimeSpan.FromDays(1));
        var tampered = valid[..^3] + (valid[^3] == 'A' ? "B" : "A") + valid[^2..];
        var otherPurpose = links.Create("cancel-signup", payload, TimeSpan.FromDays(1));
        var browser = App.Browser();
        var formToken = (await browser.GetDocumentAsync($"/places/confirm?token={Uri.EscapeDataString(valid)}"))
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var token in new[] { expired, tampered, otherPurpose, "" })
        {
            var shown = await browser.GetAsync($"/places/confirm?token={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.BadRequest, shown.StatusCode);
            Assert.Equal("このリンクは使えません", (await shown.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
            var posted = await browser.PostAsync("/places/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token, ["__RequestVerificationToken"] = formToken,
            }));
            Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        }

        Assert.Equal(before, (await PlaceAsync(stale)).LastConfirmedAt);
    }
}
