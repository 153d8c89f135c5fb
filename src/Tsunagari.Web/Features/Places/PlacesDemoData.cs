using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;

namespace Tsunagari.Web.Features.Places;

/// <summary>
/// A few realistic 居場所 in the demo municipality 緑ヶ丘市, one of them 非公開 and one at reduced precision.
/// Idempotent: places are matched by name.
/// </summary>
public sealed class PlacesDemoData(TsunagariDbContext db, TimeProvider clock)
{
    private sealed record Demo(
        string Name, string Kana, string Category, string AreaCode, string Description, int[] Days, string Schedule, bool Free,
        string Fee, string[] Audiences, string[] Accessibility, string AddressArea, string AddressDetail, double Lat, double Lng,
        LocationPrecision Precision = LocationPrecision.Exact, PlaceVisibility Visibility = PlaceVisibility.Public,
        bool Professional = false, bool WelfareVolunteer = false, string Directions = "", string Host = "", string Phone = "",
        int MonthsSinceConfirmed = 0, bool OwnedByDemoOrganizer = false);

    private static readonly Demo[] Places =
    [
        new("桜台ふれあいサロン", "サクラダイフレアイサロン", "salon", "demo-s01-01",
            "体操とおしゃべりの会です。お茶を飲みながら、ゆっくり過ごせます。初めての方も歓迎します。",
            [3], "第1・第3水曜 10:00〜12:00", false, "1回100円（お茶代）", ["elderly", "everyone"], ["step-free", "chairs"],
            "緑ヶ丘市桜台一丁目", "2-5 桜台会館", 35.7021, 139.5512, Professional: false, WelfareVolunteer: true,
            Directions: "バス停「桜台会館前」から歩いて1分です。", Host: "桜台町内会", Phone: "0120-000-111",
            OwnedByDemoOrganizer: true),
        new("青葉こども食堂", "アオバコドモショクドウ", "kodomo-shokudo", "demo-s02-01",
            "子どもは無料、大人は300円で夕ごはんを食べられます。宿題をする机もあります。",
            [2, 5], "毎週火曜・金曜 17:00〜19:00", false, "子ども無料・大人300円", ["children", "parenting"], ["step-free", "wheelchair-toilet"],
            "緑ヶ丘市青葉町", "5-12 青葉教会ホール", 35.7102, 139.5601, Directions: "青葉駅から歩いて5分。教会の裏の入口です。",
            Host: "青葉こども食堂の会", Phone: "0120-000-222"),
        new("コミュニティカフェ ひだまり", "コミュニティカフェ ヒダマリ", "community-cafe", "demo-s04-02",
            "だれでも立ち寄れるカフェです。月に1回、看護師さんの健康相談があります。",
            [1, 2, 3, 4, 5], "月曜〜金曜 10:00〜16:00", false, "コーヒー200円", ["everyone"], ["step-free", "wheelchair-toilet", "parking"],
            "緑ヶ丘市本町二丁目", "8-3", 35.6951, 139.5703, Professional: true, Directions: "市役所の向かい、郵便局のとなりです。",
            Host: "NPO法人ひだまり", Phone: "0120-000-333", MonthsSinceConfirmed: 7),
        new("山手おうちサロン", "ヤマテオウチサロン", "kayoinoba", "demo-s03-01",
            "世話人の自宅で開く、少人数の集まりです。手芸や脳トレをします。",
            [4], "毎週木曜 13:30〜15:00", true, "", ["elderly"], ["chairs"],
            "緑ヶ丘市山手一丁目", "14-7", 35.7155, 139.5399, Precision: LocationPrecision.Reduced,
            Directions: "（個人宅のため、場所はお問い合わせください）", Host: "山手地区社協", Phone: "0120-000-444"),
        new("港南みんなの食堂", "コウナンミンナノショクドウ", "chiiki-shokudo", "demo-s08-01",
            "子どもから高齢の方まで、みんなで食べる食堂です。ボランティアも募集しています。",
            [6], "第2・第4土曜 11:30〜13:30", false, "1食300円", ["everyone", "elderly", "children"], ["step-free", "elevator"],
            "緑ヶ丘市港南一丁目", "1-1 港南地区センター2階", 35.6802, 139.5905, Directions: "港南駅から歩いて3分。地区センターのエレベーターで2階へ。",
            Host: "港南地区社会福祉協議会", Phone: "0120-000-555"),
        new("川端よろず相談の場", "カワバタヨロズソウダンノバ", "consultation", "demo-s06-01",
            "暮らしの困りごとを気軽に話せる場です。民生委員と社会福祉士がいます。",
            [1], "毎週月曜 13:00〜16:00", true, "", ["everyone"], ["step-free", "hearing-loop"],
            "緑ヶ丘市川端町", "3-9 川端公民館", 35.6899, 139.5802, Professional: true, WelfareVolunteer: true,
            Directions: "川端公民館の1階、和室です。", Host: "緑ヶ丘市社会福祉協議会", Phone: "0120-000-666"),
        new("緑ヶ丘市 一時避難の場", "ミドリガオカシイチジヒナンノバ", "other", "demo-s05-01",
            "配偶者からの暴力などから逃れる方のための場所です（非公開）。",
            [], "", true, "", [], [], "緑ヶ丘市駅前一丁目", "非公開", 35.6920, 139.5650, Visibility: PlaceVisibility.Hidden),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        var areaIds = await db.Areas.Where(a => a.Code.StartsWith("demo-")).ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        var existing = (await db.Set<Place>().Select(p => p.Name).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var organizerId = await db.Users.Where(u => u.Email == "organizer@example.jp").Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var d in Places)
        {
            if (existing.Contains(d.Name) || !areaIds.TryGetValue(d.AreaCode, out var areaId))
            {
                continue;
            }

            var confirmed = now.AddMonths(-d.MonthsSinceConfirmed);
            var place = new Place
            {
                Name = d.Name, NameKana = d.Kana, CategoryCode = d.Category, AreaId = areaId, Description = d.Description,
                Weekdays = d.Days, ScheduleText = d.Schedule, IsFree = d.Free, FeeText = d.Fee, Audiences = d.Audiences,
                Accessibility = d.Accessibility, AddressArea = d.AddressArea, AddressDetail = d.AddressDetail,
                Latitude = d.Lat, Longitude = d.Lng, Precision = d.Precision, Visibility = d.Visibility,
                ProfessionalPresent = d.Professional, WelfareVolunteerPresent = d.WelfareVolunteer, Directions = d.Directions,
                HostOrganization = d.Host, ContactPhone = d.Phone, Status = PlaceStatus.Published, Source = PlaceSources.Web,
                OrganizerId = d.OwnedByDemoOrganizer ? organizerId : null,
                CreatedAt = confirmed, UpdatedAt = confirmed, LastConfirmedAt = confirmed,
            };
            place.RefreshSearchText();
            db.Set<Place>().Add(place);
            db.Set<PlaceHistoryEntry>().Add(new PlaceHistoryEntry { Place = place, Action = PlaceActions.Created, At = now, Note = "デモデータ", Snapshot = "{}" });
        }

        await db.SaveChangesAsync(ct);
    }
}
