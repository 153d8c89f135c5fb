using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>What kind of personal data a <see cref="PersonalDataFinding"/> is.</summary>
public enum PersonalDataKind
{
    Phone,
    Email,
    PostalCode,
    Address,
    NameWithHonorific,
    BirthDate,
    HouseholdAge,
}

/// <summary>A stretch of the original text (not the normalised one) that looks like personal data.</summary>
public sealed record PersonalDataFinding(PersonalDataKind Kind, int Start, int Length, string Text);

/// <summary>
/// 個人情報の検出 — finds personal data in Japanese free text: phone numbers, e-mail, 〒 codes, 番地-level addresses,
/// names with honorifics (〇〇さん/様/氏/くん/ちゃん, 〇〇宅/家), exact birth dates and exact ages tied to a household.
/// Pure and deterministic. The text is NFKC-normalised first (full-width digits and letters become ASCII), and
/// findings point back into the original text so the page can highlight them. It errs on the side of flagging:
/// a coordinator rewrites a false alarm in seconds, while a missed phone number reaches the council.
/// Age bands (80代の母) are deliberately allowed — see docs/decisions/011-support-map-privacy-pipeline.md.
/// </summary>
public static partial class PersonalDataDetector
{
    public static bool ContainsPersonalData(string? text) => Find(text).Count > 0;

    public static IReadOnlyList<PersonalDataFinding> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var (normalized, map) = Normalize(text);
        var found = new List<(PersonalDataKind Kind, int Start, int End)>();

        foreach (Match m in Email().Matches(normalized))
        {
            found.Add((PersonalDataKind.Email, m.Index, m.Index + m.Length));
        }

        foreach (Match m in Phone().Matches(normalized))
        {
            var digits = m.Value.Count(char.IsAsciiDigit);
            var international = m.Value.StartsWith('+');
            if (international ? digits is >= 10 and <= 13 : digits is 10 or 11)
            {
                found.Add((PersonalDataKind.Phone, m.Index, m.Index + m.Length));
            }
        }

        foreach (Match m in LabelledPhone().Matches(normalized))
        {
            found.Add((PersonalDataKind.Phone, m.Groups["n"].Index, m.Groups["n"].Index + m.Groups["n"].Length));
        }

        foreach (Match m in PostalCode().Matches(normalized))
        {
            found.Add((PersonalDataKind.PostalCode, m.Index, m.Index + m.Length));
        }

        foreach (var regex in new[] { BlockAddress(), ChomeAddress(), HyphenAddress(), RoomNumber() })
        {
            foreach (Match m in regex.Matches(normalized))
            {
                if (regex == HyphenAddress() && IsRangeNotAddress(normalized, m))
                {
                    continue;
                }

                found.Add((PersonalDataKind.Address, m.Index, m.Index + m.Length));
            }
        }

        foreach (Match m in BirthDate().Matches(normalized))
        {
            found.Add((PersonalDataKind.BirthDate, m.Index, m.Index + m.Length));
        }

        FindHonorificNames(normalized, found);
        FindHouseholdNames(normalized, found);
        FindHouseholdAges(normalized, found);

        return Merge(found)
            .Select(f =>
            {
                var start = map[f.Start];
                var end = map[f.End];
                return new PersonalDataFinding(f.Kind, start, end - start, text[start..end]);
            })
            .ToList();
    }

    /// <summary>
    /// NFKC per text element, with a map from every normalised index (and the end) back to the original index, so
    /// that findings can be highlighted in what the person actually typed.
    /// </summary>
    private static (string Normalized, int[] Map) Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var map = new List<int>(text.Length + 1);
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            var start = elements.ElementIndex;
            string normalized;
            try
            {
                normalized = element.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                normalized = element; // lone surrogates: keep as typed
            }

            foreach (var c in normalized)
            {
                builder.Append(c);
                map.Add(start);
            }
        }

        map.Add(text.Length);
        // Dashes between digits (090ー1234, 1−2−3) are hyphens; the long-vowel mark in katakana words stays.
        for (var i = 0; i < builder.Length; i++)
        {
            if (DashLike(builder[i]) && (i > 0 && char.IsAsciiDigit(builder[i - 1]) || i + 1 < builder.Length && char.IsAsciiDigit(builder[i + 1])))
            {
                builder[i] = '-';
            }
        }

        return (builder.ToString(), map.ToArray());
    }

    private static bool DashLike(char c) => c is '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' or 'ー' or 'ｰ' or '－';

    private static void FindHonorificNames(string text, List<(PersonalDataKind, int, int)> found)
    {
        foreach (Match m in Honorific().Matches(text))
        {
            var end = m.Index;
            var start = end;
            while (start > 0 && IsNameChar(text[start - 1]))
            {
                start--;
            }

            if (start == end)
            {
                continue;
            }

            // Cut the token after the last particle among its hiragana (隣の田中さん → 田中), but only in a
            // hiragana stretch (子ども stays whole).
            var token = text[start..end];
            var cut = LastParticle(token);
            if (cut >= 0)
            {
                start += cut + 1;
                token = token[(cut + 1)..];
            }

            if (token.Length == 0 || IsCommonNoun(token, start > 0 ? text[start - 1] : '\0', m.Value))
            {
                continue;
            }

            found.Add((PersonalDataKind.NameWithHonorific, start, m.Index + m.Length));
        }
    }

    private static void FindHouseholdNames(string text, List<(PersonalDataKind, int, int)> found)
    {
        foreach (Match m in HouseSuffix().Matches(text))
        {
            var end = m.Index;
            var start = end;
            while (start > 0 && end - start < 4 && IsHan(text[start - 1]))
            {
                start--;
            }

            // 田中宅, 佐々木家 — only known surnames, so 住宅, 空き家, 実家, 農家 stay quiet.
            for (var s = start; s < end; s++)
            {
                if (Surnames.Contains(text[s..end]))
                {
                    found.Add((PersonalDataKind.NameWithHonorific, s, m.Index + m.Length));
                    break;
                }
            }
        }
    }

    private static void FindHouseholdAges(string text, List<(PersonalDataKind, int, int)> found)
    {
        foreach (Match m in ExactAge().Matches(text))
        {
            var clauseStart = text.LastIndexOfAny(ClauseEnds, Math.Max(0, m.Index - 1)) + 1;
            var clauseEnd = text.IndexOfAny(ClauseEnds, m.Index + m.Length);
            if (clauseEnd < 0)
            {
                clauseEnd = text.Length;
            }

            var from = Math.Max(clauseStart, m.Index - 14);
            var to = Math.Min(clauseEnd, m.Index + m.Length + 14);
            var window = text[from..to];
            if (HouseholdTerms.Any(t => window.Contains(t, StringComparison.Ordinal)))
            {
                found.Add((PersonalDataKind.HouseholdAge, m.Index, m.Index + m.Length));
            }
        }
    }

    private static readonly char[] ClauseEnds = ['。', '!', '?', '\n', '、', ',', ';'];

    /// <summary>"7-8月", "10-12時" and similar ranges are not addresses.</summary>
    private static bool IsRangeNotAddress(string text, Match m)
    {
        var after = m.Index + m.Length;
        return after < text.Length && "月日時歳才人回年%分名件階度号円週代".Contains(text[after], StringComparison.Ordinal);
    }

    private static int LastParticle(string token)
    {
        for (var i = token.Length - 2; i >= 0; i--)
        {
            if (!"のはがをにともでへやか".Contains(token[i], StringComparison.Ordinal))
            {
                continue;
            }

            // Kana right after a kanji with at most two kana following is okurigana (子ども), not a particle.
            var rest = token[(i + 1)..];
            if (i > 0 && IsHan(token[i - 1]) && rest.All(IsHiragana) && rest.Length <= 2)
            {
                continue;
            }

            return i;
        }

        return -1;
    }

    private static bool IsCommonNoun(string token, char before, string honorific)
    {
        if (before is 'お' or 'ご' or '御')
        {
            return true;
        }

        if (token[0] is 'お' or 'ご' or '御' && token.Length > 1)
        {
            return true;
        }

        if (CommonNouns.Contains(token) || CommonNouns.Any(n => token.EndsWith(n, StringComparison.Ordinal) && n.Length >= 2))
        {
            return true;
        }

        var last = token[^1];
        if (IsHan(last) && RoleSuffixes.Contains(last))
        {
            return true;
        }

        if (token.All(IsHiragana) && token.Length < 2)
        {
            return true;
        }

        if (token.All(c => IsKatakana(c)) && token.Length < 2)
        {
            return true;
        }

        // 皆様, 各位 … and honorifics after a verb/adjective stem are not names.
        return honorific == "方" || token == "皆" || token == "みな" || token == "みんな";
    }

    private static bool IsNameChar(char c) => IsHan(c) || IsKatakana(c) || IsHiragana(c) || c == '々' || c == 'ヶ';

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or '々' or 'ヶ';

    private static bool IsHiragana(char c) => c is >= '\u3041' and <= '\u309F';

    private static bool IsKatakana(char c) => c is >= '\u30A1' and <= '\u30FA' or '\u30FC';

    private static IEnumerable<(PersonalDataKind Kind, int Start, int End)> Merge(List<(PersonalDataKind Kind, int Start, int End)> found)
    {
        (PersonalDataKind Kind, int Start, int End)? current = null;
        foreach (var f in found.OrderBy(f => f.Start).ThenByDescending(f => f.End))
        {
            if (current is { } c && f.Start < c.End)
            {
                current = (c.Kind, c.Start, Math.Max(c.End, f.End));
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = f;
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    private static readonly HashSet<char> RoleSuffixes =
    [
        '員', '長', '師', '士', '者', '屋', '店', '局', '所', '院', '会', '寺', '館', '主', '族', '母', '父', '兄', '姉', '弟', '妹',
        '娘', '孫', '嫁', '婿', '夫', '妻', '人', '神', '仏', '様', '殿', '氏', '家', '宅', '客', '方', '生', '手', '医', '官', '将', '達',
        '隣', '所', '坊', '尚', '匠', '工', '荘', '社', '園', '校', '協', '協', '部', '課', '係',
    ];

    private static readonly HashSet<string> CommonNouns = new(StringComparer.Ordinal)
    {
        "皆", "みな", "みんな", "子ども", "子供", "こども", "息子", "お子", "双子", "女子", "男子", "末っ子", "赤", "あか",
        "おばあ", "おじい", "ばあ", "じい", "おば", "おじ", "おかあ", "おとう", "おにい", "おねえ", "おく", "おとなり", "となり",
        "ヘルパー", "ケアマネ", "ケアマネジャー", "ケアマネージャー", "スタッフ", "ボランティア", "サポーター", "リーダー",
        "メンバー", "オーナー", "ママ", "パパ", "ドライバー", "コーディネーター", "ワーカー", "ソーシャルワーカー", "シェフ",
        "マスター", "カウンセラー", "ゲスト", "パートナー", "キッズ", "ユーザー", "ファミリー", "シニア", "ベテラン", "ナース",
        "お客", "客", "近所", "ご近所", "先生", "住民", "民生委員", "委員", "会長", "班長", "職員", "利用者", "参加者", "高齢者",
        "担当", "担当者", "相談員", "看護師", "保健師", "医師", "大家", "家主", "店主", "店員", "運転手", "主人", "ご主人", "奥",
        "旦那", "嫁", "孫", "母", "父", "兄", "姉", "弟", "妹", "娘", "家族", "ご家族", "本人", "ご本人", "当事者", "隣", "お隣",
        "お医者", "大工", "魚屋", "八百屋", "床屋", "酒屋", "米屋", "豆腐屋", "パン屋", "お坊", "和尚", "神", "仏", "地蔵",
        "お地蔵", "皆々", "各位", "誰", "どなた", "みなみな", "新人", "若い人", "お年寄り", "年寄り", "おとしより", "お嬢",
        "坊", "坊ちゃん", "赤ちゃん", "あかちゃ", "友達", "友だち", "ともだち", "仲間", "常連", "お得意", "得意", "世話人",
        "介護者", "ご利用者", "保護者", "お母", "お父", "お兄", "お姉", "ばあちゃ", "じいちゃ", "おばちゃ", "おじちゃ",
        "兄ちゃ", "姉ちゃ", "おまわり", "お巡り", "郵便屋", "宅配", "配達員", "業者", "町内", "自治会", "老人", "一人暮らし",
        "ひとり暮らし", "独り暮らし", "方々", "みなさま", "みなさ", "どちら", "あちら", "こちら", "そちら",
    };

    private static readonly string[] HouseholdTerms =
    [
        "母", "父", "夫", "妻", "息子", "娘", "祖母", "祖父", "孫", "姉", "兄", "弟", "妹", "夫婦", "世帯", "一人暮らし",
        "ひとり暮らし", "独り暮らし", "独居", "同居", "嫁", "婿", "家族", "二人暮らし", "ふたり暮らし", "親", "子", "宅",
        "おばあ", "おじい", "旦那", "奥さん", "主人",
    ];

    /// <summary>Common Japanese surnames, for 〇〇宅 / 〇〇家 (a bare 宅/家 after any kanji would flag 住宅 and 実家).</summary>
    private static readonly HashSet<string> Surnames = new(StringComparer.Ordinal)
    {
        "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "渡部", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口",
        "松本", "井上", "木村", "林", "斎藤", "斉藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井",
        "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "遠藤", "青木", "坂本", "福田", "太田", "西村", "藤井",
        "金子", "岡本", "藤原", "中野", "三浦", "原田", "中川", "松田", "竹内", "小野", "田村", "中山", "和田", "石田", "森田",
        "上田", "原", "内田", "柴田", "酒井", "宮崎", "横山", "高木", "安藤", "宮本", "大野", "小島", "工藤", "谷口", "今井",
        "高田", "丸山", "増田", "杉山", "村田", "大塚", "小山", "平野", "藤本", "河野", "上野", "野口", "武田", "松井", "千葉",
        "岩崎", "菅原", "木下", "久保", "佐野", "野村", "松尾", "市川", "菊地", "杉本", "古川", "大西", "島田", "水野", "桜井",
        "高野", "吉川", "山内", "西田", "飯田", "菊池", "西川", "小松", "北村", "安田", "五十嵐", "川口", "平田", "関", "中田",
        "久保田", "服部", "東", "岩田", "土屋", "川村", "福島", "本田", "辻", "樋口", "秋山", "田口", "永井", "山中", "中西",
        "吉村", "川上", "石原", "大橋", "松岡", "馬場", "浜田", "森本", "星野", "矢野", "浅野", "大久保", "松下", "小池", "野田",
        "荒木", "大谷", "内藤", "松浦", "熊谷", "黒田", "尾崎", "永田", "川崎", "望月", "田辺", "松村", "荒井", "堀", "大島",
        "平井", "早川", "菅野", "栗原", "西山", "広瀬", "横田", "石橋", "萩原", "岩本", "片山", "関口", "宮田", "大石", "高山",
        "本間", "吉岡", "小田", "岡崎", "村井", "緑川", "青山", "桜木", "北川", "南", "西", "北", "白石", "新井", "坂口",
    };

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")]
    private static partial Regex Email();

    // 090-1234-5678, 03-1234-5678, 0123-45-6789, (03)1234-5678, 09012345678, +81-90-1234-5678
    [GeneratedRegex(@"(?<![\d\-])(?:\+81[\s\-]?\(?\d{1,4}\)?|\(?0\d{1,4}\)?)[\s\-]?\d{1,4}[\s\-]?\d{3,4}(?![\d\-])")]
    private static partial Regex Phone();

    // 電話 1234-5678 (a local number without the area code, after a label)
    [GeneratedRegex(@"(?:電話|でんわ|TEL|Tel|tel|携帯|けいたい|℡|連絡先)[^\d\n]{0,6}(?<n>\d{2,4}-\d{4})(?![\d\-])")]
    private static partial Regex LabelledPhone();

    [GeneratedRegex(@"〒\s?\d{3}-?\d{4}|(?<![\d\-])\d{3}-\d{4}(?![\d\-])")]
    private static partial Regex PostalCode();

    // 3番地, 12番5号, 三番地の二, 5番の3
    [GeneratedRegex(@"[0-9一二三四五六七八九十百〇]+\s?番地(?:の?[0-9一二三四五六七八九十〇]+)?|[0-9一二三四五六七八九十百〇]+番(?:の)?[0-9一二三四五六七八九十〇]+(?:号)?|[0-9一二三四五六七八九十〇]+号室")]
    private static partial Regex BlockAddress();

    // 2丁目3-5, 二丁目3番
    [GeneratedRegex(@"丁目\s?[0-9一二三四五六七八九十]+(?:[\-番の][0-9一二三四五六七八九十]+)*")]
    private static partial Regex ChomeAddress();

    // 桜台1-2-3 (after a kanji or katakana place name)
    [GeneratedRegex(@"(?<=[\u4E00-\u9FFF\u30A1-\u30FAヶ])\d{1,4}-\d{1,4}(?:-\d{1,4})?(?![\d\-])")]
    private static partial Regex HyphenAddress();

    // 305号室 is also caught by BlockAddress; 3号棟の305 is a room too
    [GeneratedRegex(@"\d+号棟\s?\d{3,4}(?!\d)")]
    private static partial Regex RoomNumber();

    [GeneratedRegex(@"(?:生年月日|誕生日|たんじょうび)[は:\s]*(?:(?:\d{4}|(?:明治|大正|昭和|平成|令和|[MTSHR])\s?(?:\d{1,2}|元))\s?[年/.\-]\s?)?\d{1,2}\s?[月/.\-]\s?\d{1,2}日?|(?:(?:\d{4}|(?:明治|大正|昭和|平成|令和|[MTSHR])\s?(?:\d{1,2}|元))\s?[年/.\-]\s?)?\d{1,2}\s?[月/.\-]\s?\d{1,2}\s?日?\s?(?:生まれ|生|うまれ|誕生)")]
    private static partial Regex BirthDate();

    [GeneratedRegex(@"(?<!\d)\d{1,3}\s?(?:歳|才)(?!\s?(?:以上|以下|未満|から|まで|前後|くらい|ぐらい|~|-|〜|代))")]
    private static partial Regex ExactAge();

    [GeneratedRegex(@"さん|様|さま|氏|くん|君|ちゃん|殿")]
    private static partial Regex Honorific();

    [GeneratedRegex(@"[宅家](?!族|庭|事|計|具|賃|屋|電|主|業|政|財|畜|康|系|紋|督|元|出|内|人)")]
    private static partial Regex HouseSuffix();
}
