using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Places;

public sealed class PlaceModerationTests(TsunagariApp app) : AppTest(app)
{
    private async Task<Dictionary<string, int>> SeedPeopleAsync()
    {
        var areas = await App.SeedAreasAsync();
        await App.GrantAsync(await App.CreateUserAsync("organizer@example.jp", "桜井 みどり"), Roles.Organizer, areas["east-1"]);
        await App.GrantAsync(await App.CreateUserAsync("east-sc@example.jp", "東 コーディネーター"), Roles.Coordinator, areas["east"]);
        await App.GrantAsync(await App.CreateUserAsync("west-sc@example.jp", "西 コーディネーター"), Roles.Coordinator, areas["west"]);
        return areas;
    }

    private Task<Place> PlaceAsync(string name) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<Tsunagari.Web.Data.TsunagariDbContext>().Set<Place>().AsNoTracking().SingleAsync(p => p.Name == name));

    [Fact]
    public async Task Organizer_submission_waits_until_a_coordinator_of_its_area_approves_it_and_every_step_is_in_the_history()
    {
        var areas = await SeedPeopleAsync();
        var organizer = await App.SignedInAsync("organizer@example.jp");

        var created = await organizer.PostFormAsync("/staff/places/new", "/staff/places", PlaceSeed.Form(areas["east-1"]));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var place = await PlaceAsync("東町ふれあいサロン");
        Assert.Equal(PlaceStatus.Pending, place.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Browser().GetAsync($"/places/{place.Id}")).StatusCode);

        // The organizer cannot approve their own; a coordinator of another district may not either.
        var ownApproval = await organizer.PostFormAsync($"/staff/places/{place.Id}/edit", $"/staff/places/{place.Id}/approve", []);
        Assert.Equal("/account/denied", ownApproval.Headers.Location!.AbsolutePath);
        var west = await App.SignedInAsync("west-sc@example.jp");
        Assert.Equal("/account/denied", (await west.GetAsync($"/staff/places/{place.Id}/edit")).Headers.Location!.AbsolutePath);
        var westList = await west.GetDocumentAsync("/staff/places?status=pending");
        Assert.DoesNotContain("東町ふれあいサロン", westList.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(PlaceStatus.Pending, (await PlaceAsync("東町ふれあいサロン")).Status);

        var east = await App.SignedInAsync("east-sc@example.jp");
        var queue = await east.GetDocumentAsync("/staff/places?status=pending");
        Assert.Contains("東町ふれあいサロン", queue.Body!.TextContent, StringComparison.Ordinal);
        var approved = await east.PostFormAsync($"/staff/places/{place.Id}/edit", $"/staff/places/{place.Id}/approve", []);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        Assert.Equal(PlaceStatus.Published, (await PlaceAsync("東町ふれあいサロン")).Status);
        var page = await App.Browser().GetDocumentAsync($"/places/{place.Id}");
        Assert.Equal("東町ふれあいサロン", page.QuerySelector("h1")!.TextContent);
        var history = await east.GetDocumentAsync($"/staff/places/{place.Id}/history");
        var actions = history.QuerySelectorAll("tbody tr").Select(r => r.Children[1].TextContent + "/" + r.Children[2].TextContent).ToList();
        Assert.Equal(["公開/東 コーディネーター", "受け付け/桜井 みどり"], actions);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_the_organizer_sees_it_and_can_resubmit()
    {
        var areas = await SeedPeopleAsync();
        var organizer = await App.SignedInAsync("organizer@example.jp");
        await organizer.PostFormAsync("/staff/places/new", "/staff/places", PlaceSeed.Form(areas["east-1"]));
        var place = await PlaceAsync("東町ふれあいサロン");
        var east = await App.SignedInAsync("east-sc@example.jp");

        await east.PostFormAsync($"/staff/places/{place.Id}/edit", $"/staff/places/{place.Id}/reject", new() { ["reason"] = "  " });
        Assert.Equal(PlaceStatus.Pending, (await PlaceAsync("東町ふれあいサロン")).Status);
        await east.PostFormAsync($"/staff/places/{place.Id}/edit", $"/staff/places/{place.Id}/reject", new() { ["reason"] = "開催日が書かれていません" });
        Assert.Equal(PlaceStatus.Rejected, (await PlaceAsync("東町ふれあいサロン")).Status);

        var mine = await organizer.GetDocumentAsync($"/staff/places/{place.Id}/edit");
        Assert.Contains("開催日が書かれていません", mine.Body!.TextContent, StringComparison.Ordinal);
        var form = PlaceSeed.Form(areas["east-1"]);
        form["Version"] = mine.QuerySelector("input[name=Version]")!.GetAttribute("value")!;
        var resubmitted = await organizer.PostFormAsync($"/staff/places/{place.Id}/edit", $"/staff/places/{place.Id}", form);
        Assert.Equal(HttpStatusCode.Redirect, resubmitted.StatusCode);
        Assert.Equal(PlaceStatus.Pending, (await PlaceAsync("東町ふれあいサロン")).Status);
    }

    [Fact]
    public async Task Organizers_cannot_list_places_outside_their_area_or_edit_places_they_do_not_keep()
    {
        var areas = await SeedPeopleAsync();
        var othersPlace = await App.AddPlaceAsync(areas["east-1"], "ほかの人のサロン");
        var organizer = await App.SignedInAsync("organizer@example.jp");

        var outside = await organizer.PostFormAsync("/staff/places/new", "/staff/places", PlaceSeed.Form(areas["west-1"], "西のサロン"));
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Equal("/account/denied", (await organizer.GetAsync($"/staff/places/{othersPlace}/edit")).Headers.Location!.AbsolutePath);
        var edit = await organizer.PostFormAsync("/staff/places/new", $"/staff/places/{othersPlace}", PlaceSeed.Form(areas["east-1"], "乗っ取り"));
        Assert.Equal("/account/denied", edit.Headers.Location!.AbsolutePath);
        Assert.Equal("ほかの人のサロン", (await PlaceAsync("ほかの人のサロン")).Name);
        await App.WithDbAsync(async db => Assert.False(await db.Set<Place>().AnyAsync(p => p.Name == "西のサロン")));
    }

    [Fact]
    public async Task A_coordinator_publishes_directly_and_a_double_submit_creates_one_place()
    {
        var areas = await SeedPeopleAsync();
        var east = await App.SignedInAsync("east-sc@example.jp");
        var form = PlaceSeed.Form(areas["east-2"]);
        var page = await east.GetDocumentAsync("/staff/places/new");
        form["SubmissionKey"] = page.QuerySelector("input[name=SubmissionKey]")!.GetAttribute("value")!;
        form["Source"] = "phone";

        var first = await east.PostFormAsync("/staff/places/new", "/staff/places", new(form));
        var second = await east.PostFormAsync("/staff/places/new", "/staff/places", new(form));

        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await App.WithDbAsync(async db => Assert.Equal(1, await db.Set<Place>().CountAsync()));
        var place = await PlaceAsync("東町ふれあいサロン");
        Assert.Equal(PlaceStatus.Published, place.Status);
        Assert.Equal("phone", place.Source);
    }

    [Fact]
    public async Task Invalid_form_input_is_refused_with_a_japanese_message_and_nothing_saved()
    {
        var areas = await SeedPeopleAsync();
        var east = await App.SignedInAsync("east-sc@example.jp");
        var form = PlaceSeed.Form(areas["east-1"]);
        form["Name"] = "";
        form["Latitude"] = "999";
        form["Audiences"] = "<script>";

        var response = await east.PostFormAsync("/staff/places/new", "/staff/places", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var summary = (await response.ReadDocumentAsync()).QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.Contains("名前を入力してください", summary, StringComparison.Ordinal);
        Assert.Contains("緯度", summary, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(0, await db.Set<Place>().CountAsync()));
    }

    [Fact]
    public async Task The_history_table_refuses_updates_and_deletes()
    {
        var areas = await SeedPeopleAsync();
        var organizer = await App.SignedInAsync("organizer@example.jp");
        await organizer.PostFormAsync("/staff/places/new", "/staff/places", PlaceSeed.Form(areas["east-1"]));

        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE place_history SET note = 'changed'", "DELETE FROM place_history" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        await App.WithDbAsync(async db => Assert.Equal(1, await db.Set<PlaceHistoryEntry>().CountAsync()));
    }

    [Fact]
    public async Task A_resident_suggestion_waits_for_approval_and_repeated_posts_are_rate_limited()
    {
        var areas = await SeedPeopleAsync();
        var resident = App.Browser();
        var fields = new Dictionary<string, string>
        {
            ["Name"] = "公園のラジオ体操", ["CategoryCode"] = "kayoinoba", ["AreaId"] = areas["west-1"].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Description"] = "毎朝6時半から、だれでも参加できます", ["SubmissionKey"] = Guid.NewGuid().ToString(),
        };

        var response = await resident.PostFormAsync("/places/suggest", "/places/suggest", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var place = await PlaceAsync("公園のラジオ体操");
        Assert.Equal((PlaceStatus.Pending, "suggestion"), (place.Status, place.Source));
        Assert.DoesNotContain("公園のラジオ体操", await resident.GetStringAsync("/places"), StringComparison.Ordinal);

        await using var strict = App.WithWebHostBuilder(b => b.UseSetting("Places:SuggestionsPerMinute", "2").UseSetting("Places:Freshness:Enabled", "false"));
        var client = strict.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            fields["SubmissionKey"] = Guid.NewGuid().ToString();
            statuses.Add((await client.PostFormAsync("/places/suggest", "/places/suggest", new(fields))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
    }
}
