using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Features.Places;

namespace Tsunagari.Tests.Places;

/// <summary>Places written straight to the database (the arrange step of tests that are about reading them).</summary>
public static class PlaceSeed
{
    public static async Task<int> AddPlaceAsync(this TsunagariApp app, int areaId, string name, Action<Place>? configure = null)
    {
        var id = 0;
        await app.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var place = new Place
            {
                Name = name,
                CategoryCode = "salon",
                AreaId = areaId,
                Status = PlaceStatus.Published,
                AddressArea = "テスト市東町一丁目",
                AddressDetail = "1-2-3 東会館",
                Latitude = 35.68123,
                Longitude = 139.76712,
                CreatedAt = now,
                UpdatedAt = now,
                LastConfirmedAt = now,
            };
            configure?.Invoke(place);
            place.RefreshSearchText();
            db.Set<Place>().Add(place);
            await db.SaveChangesAsync();
            id = place.Id;
        });
        return id;
    }

    /// <summary>The fields of the staff place form, filled for a valid place in <paramref name="areaId"/>.</summary>
    public static Dictionary<string, string> Form(int areaId, string name = "東町ふれあいサロン") => new()
    {
        ["Name"] = name,
        ["NameKana"] = "ヒガシマチフレアイサロン",
        ["CategoryCode"] = "salon",
        ["AreaId"] = areaId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Description"] = "体操とおしゃべりの会です。",
        ["ScheduleText"] = "第1・第3水曜 10:00〜12:00",
        ["Weekdays"] = "3",
        ["Audiences"] = "elderly",
        ["AddressArea"] = "テスト市東町一丁目",
        ["AddressDetail"] = "4-5",
        ["Precision"] = "Exact",
        ["Visibility"] = "Public",
    };
}
