using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Tests.Places;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Tests.Meetings;

/// <summary>Town meetings in <c>/opendata/events.csv</c> (the salons feature's event sources).</summary>
public sealed class MeetingEventsTests(TsunagariApp app) : AppTest(app)
{
    private const string Block = "テスト市東町一丁目";

    [Fact]
    public async Task Events_csv_lists_upcoming_town_meetings_with_the_public_place_and_no_online_link_or_registrants()
    {
        var areas = await App.SeedAreasAsync();
        var reduced = await App.AddPlaceAsync(areas["east-1"], "お宅のサロン", p => p.Precision = LocationPrecision.Reduced);
        var meeting = await App.CreateMeetingAsync(areas["east-1"], capacity: 25, title: "東地区タウンミーティング");
        await App.WithDbAsync(db => db.Set<TownMeeting>().Where(m => m.Id == meeting.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.PlaceId, reduced).SetProperty(m => m.OnlineUrl, "https://example.jp/zoom/secret-room")));
        var far = await App.CreateMeetingAsync(areas["east-1"], title: "半年後の会", startsIn: TimeSpan.FromDays(200));
        await (await App.CreateClient().RegisterViaApiAsync(meeting.Id, "山田 花子", "hanako@example.jp")).RegisteredAsync();

        var bytes = await App.Browser().GetByteArrayAsync("/opendata/events.csv");

        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture));
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Select(r => r.ToDictionary(kv => kv.Key, kv => (string)kv.Value)).ToList();
        var row = Assert.Single(rows);
        var starts = meeting.StartsAt.ToOffset(TimeSpan.FromHours(9));
        var deadline = meeting.RegistrationDeadline.ToOffset(TimeSpan.FromHours(9));
        Assert.Equal($"MEETING{meeting.Id}", row["ID"]);
        Assert.Equal("東地区タウンミーティング", row["イベント名"]);
        Assert.Equal("テスト県テスト市", row["地方公共団体名"]);
        Assert.Equal((starts.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "14:00", "16:00"), (row["開始日"], row["開始時間"], row["終了時間"]));
        Assert.Equal(("お宅のサロン", Block), (row["場所名称"], row["住所"]));
        Assert.Equal(("テスト市・社会福祉協議会", "25"), (row["主催者"], row["定員"]));
        Assert.Equal((deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "14:00"), (row["参加申込終了日"], row["参加申込終了時間"]));
        Assert.EndsWith($"/meetings/{meeting.Id}", row["URL"], StringComparison.Ordinal);
        Assert.DoesNotContain("1-2-3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-room", text, StringComparison.Ordinal);
        Assert.DoesNotContain("山田", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hanako", text, StringComparison.Ordinal);
        Assert.DoesNotContain(far.Title, text, StringComparison.Ordinal);
    }

}
