namespace Tsunagari.Web.Features.Places;

/// <summary>
/// The fixed vocabularies of a place (who it is for, barrier-free details, weekdays). Codes are stored and used in
/// URLs; the Japanese labels are resource keys shown through the localizer.
/// </summary>
public static class PlaceVocabulary
{
    public static readonly IReadOnlyList<(string Code, string Label)> Audiences =
    [
        ("everyone", "誰でも"),
        ("elderly", "高齢者"),
        ("parenting", "子育て中の方"),
        ("children", "子ども"),
        ("disability", "障害のある方"),
        ("multicultural", "外国にルーツのある方"),
        ("caregivers", "介護をしている方"),
    ];

    public static readonly IReadOnlyList<(string Code, string Label)> Accessibility =
    [
        ("step-free", "段差なし"),
        ("wheelchair-toilet", "車いす用トイレ"),
        ("parking", "駐車場あり"),
        ("elevator", "エレベーター"),
        ("chairs", "いす席あり（正座しなくてよい）"),
        ("hearing-loop", "筆談・ヒアリングループ"),
    ];

    /// <summary>0 = Sunday, as <see cref="DayOfWeek"/>.</summary>
    public static readonly IReadOnlyList<(int Day, string Label)> Weekdays =
    [
        (1, "月曜"), (2, "火曜"), (3, "水曜"), (4, "木曜"), (5, "金曜"), (6, "土曜"), (0, "日曜"),
    ];

    public static readonly IReadOnlyList<PlaceCategory> SeedCategories =
    [
        new() { Code = "kayoinoba", Name = "通いの場", SortOrder = 10 },
        new() { Code = "salon", Name = "サロン会場", SortOrder = 20 },
        new() { Code = "kodomo-shokudo", Name = "子ども食堂", SortOrder = 30 },
        new() { Code = "chiiki-shokudo", Name = "地域食堂", SortOrder = 40 },
        new() { Code = "community-cafe", Name = "コミュニティカフェ", SortOrder = 50 },
        new() { Code = "multigenerational", Name = "多世代交流拠点", SortOrder = 60 },
        new() { Code = "consultation", Name = "相談できる場", SortOrder = 70 },
        new() { Code = "other", Name = "その他", SortOrder = 90 },
    ];

    public static string AudienceLabel(string code) => Audiences.FirstOrDefault(a => a.Code == code).Label ?? code;

    public static string AccessibilityLabel(string code) => Accessibility.FirstOrDefault(a => a.Code == code).Label ?? code;

    public static string WeekdayLabel(int day) => Weekdays.FirstOrDefault(d => d.Day == day).Label ?? "";
}
