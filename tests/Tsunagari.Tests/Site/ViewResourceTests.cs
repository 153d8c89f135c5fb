using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Tsunagari.Web.Features.LocalIssues;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Features.SupportMap;

namespace Tsunagari.Tests.Site;

/// <summary>
/// Every Japanese key a resident-facing view writes with <c>L["…"]</c> / <c>L.Format("…")</c> has an English and a
/// やさしい日本語 value in the compiled resources (the satellite assemblies the app ships), so a new page cannot silently
/// fall back to Japanese; every key of a staff or council view has an English value. Keys computed at run time
/// (vocabulary labels, holiday names, status names) cannot be read from the source; their values sit in the same files
/// by hand.
/// </summary>
public sealed partial class ViewResourceTests
{
    private const string Features = "Features/";

    /// <summary>
    /// Staff, council and developer views (paths under <c>Features/</c>), not read by residents: English only, no
    /// やさしい日本語. Views outside <c>Features/</c> (the audit log) are staff views too.
    /// </summary>
    private static readonly string[] StaffViews =
    [
        "Areas/", "RoleGrants/", "Staff/", "Dev/", "LocalIssues/", "Accounts/TwoFactor",
        "Meetings/Staff", "Places/Edit", "Places/History", "Places/StaffIndex", "Places/_VenuePlace",
        "Salons/Attendance", "Salons/CancelSession", "Salons/ChangeSession", "Salons/Edit", "Salons/Staff",
        "SupportMap/EnterNotes", "SupportMap/Inbox", "SupportMap/Submission", "SupportMap/_Highlighted",
        "Volunteering/Edit", "Volunteering/Roster", "Volunteering/StaffIndex", "Volunteering/Opportunity",
        "Dashboards/", "Council/", "Agenda/",
    ];

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Easy = CultureInfo.GetCultureInfo("ja-Easy");

    [Fact]
    public void Every_key_of_a_resident_facing_view_has_english_and_easy_japanese_values()
    {
        var views = ResidentViews();
        var missing = new List<string>();
        foreach (var (view, keys) in views)
        {
            var resources = new ResourceManager(BaseName(view), typeof(SharedResource).Assembly);
            var english = Set(resources, English);
            var easy = Set(resources, Easy);
            foreach (var key in keys.Keys)
            {
                if (english?.GetString(key) is not { Length: > 0 })
                {
                    missing.Add($"{view} en: {key}");
                }

                if (easy?.GetString(key) is not { Length: > 0 })
                {
                    missing.Add($"{view} ja-Easy: {key}");
                }
            }
        }

        Assert.True(views.Count > 40, $"only {views.Count} views found: is the source tree there?");
        Assert.True(missing.Count == 0, $"{missing.Count} translations missing (add them to the view's .en.resx / .ja-Easy.resx):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_key_of_a_staff_or_council_view_has_an_english_value()
    {
        var views = StaffViewKeys();
        var missing = new List<string>();
        foreach (var (view, keys) in views)
        {
            var english = Set(new ResourceManager(BaseName(view), typeof(SharedResource).Assembly), English);
            foreach (var key in keys.Keys)
            {
                if (english?.GetString(key) is not { Length: > 0 } value)
                {
                    missing.Add($"{view} en: {key}");
                }
                else if (!Placeholders(key).SetEquals(Placeholders(value)))
                {
                    missing.Add($"{view} en placeholders: {key} → {value}");
                }
            }
        }

        Assert.True(views.Count > 40, $"only {views.Count} staff views found: is the source tree there?");
        Assert.True(missing.Count == 0, $"{missing.Count} English translations missing or wrong (add them to the view's .en.resx):\n" + string.Join("\n", missing));
    }

    /// <summary>
    /// The 地域課題 views write names looked up at run time (<c>L[SupportMapLabels.Of(…)]</c>: status, field, kind of
    /// entry, kind of personal data), which the key scan above cannot see: every such name has an English value in
    /// every view of the feature that looks names up.
    /// </summary>
    [Fact]
    public void Status_and_field_names_looked_up_at_run_time_in_local_issue_views_have_english_values()
    {
        string[] names =
        [
            .. Enum.GetValues<IssueStatus>().Select(SupportMapLabels.Of),
            .. Enum.GetValues<IssueField>().Select(SupportMapLabels.Of),
            .. Enum.GetValues<SubmissionKind>().Select(SupportMapLabels.Of),
            .. Enum.GetValues<PersonalDataKind>().Select(SupportMapLabels.Of),
        ];
        var folder = Path.Combine(SourceRoot(), "src", "Tsunagari.Web", "Features", "LocalIssues");
        var views = Directory.EnumerateFiles(folder, "*.cshtml")
            .Where(file => File.ReadAllText(file).Contains("SupportMapLabels.Of(", StringComparison.Ordinal))
            .Select(file => "Features/LocalIssues/" + Path.GetFileName(file))
            .ToList();
        var missing = new List<string>();
        foreach (var view in views)
        {
            var english = Set(new ResourceManager(BaseName(view), typeof(SharedResource).Assembly), English);
            missing.AddRange(names.Where(name => english?.GetString(name) is not { Length: > 0 }).Select(name => $"{view} en: {name}"));
        }


        Assert.True(views.Count >= 3, $"only {views.Count} local issue views look names up: is the source tree there?");
        Assert.True(missing.Count == 0, $"{missing.Count} English names missing:\n" + string.Join("\n", missing));
    }

    /// <summary>
    /// やさしい日本語 values carry furigana on every kanji; where the view uses a value as plain text (an attribute, a
    /// title, an &lt;option&gt;, <c>.Value</c>, <c>L.Format</c>), HTML would show as tags, so it must be plain kana.
    /// Placeholders stay the same in every language.
    /// </summary>
    [Fact]
    public void Easy_japanese_values_have_furigana_on_every_kanji_no_markup_where_plain_and_keep_placeholders()
    {
        var problems = new List<string>();
        foreach (var (view, keys) in ResidentViews())
        {
            var resources = new ResourceManager(BaseName(view), typeof(SharedResource).Assembly);
            var english = Set(resources, English);
            var easy = Set(resources, Easy);
            foreach (var (key, plain) in keys)
            {
                var placeholders = Placeholders(key);
                if (english?.GetString(key) is { } en && !placeholders.SetEquals(Placeholders(en)))
                {
                    problems.Add($"{view} en placeholders: {key} → {en}");
                }

                if (easy?.GetString(key) is not { } value)
                {
                    continue;
                }

                if (!placeholders.SetEquals(Placeholders(value)))
                {
                    problems.Add($"{view} ja-Easy placeholders: {key} → {value}");
                }

                if (plain && value.Contains('<', StringComparison.Ordinal))
                {
                    problems.Add($"{view} ja-Easy markup in plain text: {key} → {value}");
                }

                if (Kanji().IsMatch(Ruby().Replace(value, "")))
                {
                    problems.Add($"{view} ja-Easy kanji without furigana: {key} → {value}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static ResourceSet? Set(ResourceManager resources, CultureInfo culture)
    {
        try
        {
            return resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    /// <summary>The resource base name the view localizer uses: application name + view path with dots.</summary>
    private static string BaseName(string view) => "Tsunagari.Web." + view[..^".cshtml".Length].Replace('/', '.');

    /// <summary>Resident-facing views (path in the web project → key → used as plain text).</summary>
    private static Dictionary<string, Dictionary<string, bool>> ResidentViews() => Views(staff: false);

    /// <summary>Staff and council views (path in the web project → key → used as plain text).</summary>
    private static Dictionary<string, Dictionary<string, bool>> StaffViewKeys() => Views(staff: true);

    private static Dictionary<string, Dictionary<string, bool>> Views(bool staff)
    {
        var web = Path.Combine(SourceRoot(), "src", "Tsunagari.Web");
        var views = new Dictionary<string, Dictionary<string, bool>>();
        foreach (var file in Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var view = Path.GetRelativePath(web, file).Replace('\\', '/');
            if (view.StartsWith("bin/", StringComparison.Ordinal) || view.StartsWith("obj/", StringComparison.Ordinal) || IsStaff(view) != staff)
            {
                continue;
            }

            var keys = Keys(File.ReadAllText(file));
            if (keys.Count > 0)
            {
                views[view] = keys;
            }
        }

        return views;
    }

    private static bool IsStaff(string view) =>
        !view.StartsWith(Features, StringComparison.Ordinal)
        || StaffViews.Any(prefix => view.AsSpan(Features.Length).StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The literal keys of a view, each marked when it is used as plain text.</summary>
    internal static Dictionary<string, bool> Keys(string razor)
    {
        var keys = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (Match match in Key().Matches(razor))
        {
            var key = Regex.Unescape(match.Groups["key"].Value);
            var lineStart = razor.LastIndexOf('\n', match.Index) + 1;
            var before = razor[lineStart..match.Index];
            var plain = match.Groups["format"].Success
                || FollowedByValue(razor, match.Index + match.Length)
                || InsideTag(razor, match.Index)
                || TextOnlyElement().IsMatch(before);
            keys[key] = (keys.TryGetValue(key, out var seen) && seen) || plain;
        }

        return keys;
    }

    /// <summary>Whether the indexer that starts before <paramref name="index"/> is followed by <c>.Value</c>.</summary>
    private static bool FollowedByValue(string text, int index)
    {
        var depth = 1;
        var inString = false;
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '(')
            {
                depth++;
            }
            else if (c is ']' or ')' && --depth == 0)
            {
                return text.AsSpan(i + 1).StartsWith(".Value", StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="index"/> is inside a start tag (an attribute value), also across lines.</summary>
    private static bool InsideTag(string razor, int index)
    {
        var open = TagOpen().Matches(razor[..index]).LastOrDefault()?.Index ?? -1;
        return open > razor.LastIndexOf('>', index - 1);
    }

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tsunagari.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tsunagari.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""\bL(?:\[|(?<format>\.Format\())\s*"(?<key>(?:[^"\\]|\\.)*)"(?:\]|\s*,)""")]
    private static partial Regex Key();

    [GeneratedRegex(@"<[a-zA-Z]")]
    private static partial Regex TagOpen();

    [GeneratedRegex(@"<(option|title|textarea)\b[^<]*$")]
    private static partial Regex TextOnlyElement();

    [GeneratedRegex(@"<ruby>.*?</ruby>", RegexOptions.Singleline)]
    private static partial Regex Ruby();

    [GeneratedRegex(@"[\u4e00-\u9fff\u3005]")]
    private static partial Regex Kanji();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
