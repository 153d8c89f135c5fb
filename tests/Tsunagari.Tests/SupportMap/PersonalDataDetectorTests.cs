using System.Globalization;
using Tsunagari.Web.Features.SupportMap;
using Xunit.Abstractions;

namespace Tsunagari.Tests.SupportMap;

/// <summary>The detector against a corpus of realistic sentences, plus the details a coordinator relies on.</summary>
public sealed class PersonalDataDetectorTests(ITestOutputHelper output)
{
    private static IEnumerable<string> Corpus(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "SupportMap", "corpus", name))
            .Where(line => line.Length > 0 && !line.StartsWith('#'));

    [Fact]
    public void Corpus_recall_and_precision_are_at_least_95_percent()
    {
        var positives = Corpus("positive.txt").ToList();
        var negatives = Corpus("negative.txt").ToList();
        Assert.True(positives.Count >= 100 && negatives.Count >= 100, "The corpus needs at least 100 sentences of each kind.");

        var missed = positives.Where(s => !PersonalDataDetector.ContainsPersonalData(s)).ToList();
        var falseAlarms = negatives
            .Select(s => (Sentence: s, Findings: PersonalDataDetector.Find(s)))
            .Where(x => x.Findings.Count > 0)
            .ToList();
        var truePositives = positives.Count - missed.Count;
        var recall = (double)truePositives / positives.Count;
        var precision = (double)truePositives / (truePositives + falseAlarms.Count);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Personal-data detector: recall {recall:P1} ({truePositives}/{positives.Count}), precision {precision:P1} ({falseAlarms.Count} false alarms in {negatives.Count} clean sentences)"));
        foreach (var sentence in missed)
        {
            output.WriteLine("missed: " + sentence);
        }

        foreach (var (sentence, findings) in falseAlarms)
        {
            output.WriteLine($"false alarm: {sentence} → {string.Join(", ", findings.Select(f => $"{f.Kind}「{f.Text}」"))}");
        }

        Assert.True(recall >= 0.95, $"Recall {recall:P1} is below 95%: " + string.Join(" / ", missed));
        Assert.True(precision >= 0.95, $"Precision {precision:P1} is below 95%: " + string.Join(" / ", falseAlarms.Select(f => f.Sentence)));
    }

    [Theory]
    [InlineData("連絡は０９０－１２３４－５６７８まで", PersonalDataKind.Phone, "０９０－１２３４－５６７８")]
    [InlineData("メールは ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ です", PersonalDataKind.Email, "ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ")]
    [InlineData("〒１２３－４５６７ 緑ヶ丘市", PersonalDataKind.PostalCode, "〒１２３－４５６７")]
    [InlineData("桜台二丁目3番5号の家", PersonalDataKind.Address, "丁目3番5号")]
    [InlineData("隣の田中さんが心配", PersonalDataKind.NameWithHonorific, "田中さん")]
    [InlineData("佐々木家の庭木", PersonalDataKind.NameWithHonorific, "佐々木家")]
    [InlineData("昭和15年4月10日生まれの方", PersonalDataKind.BirthDate, "昭和15年4月10日生まれ")]
    [InlineData("85歳の父と二人暮らし", PersonalDataKind.HouseholdAge, "85歳")]
    public void Findings_point_at_what_was_typed_full_width_included(string text, PersonalDataKind kind, string expected)
    {
        var finding = Assert.Single(PersonalDataDetector.Find(text));
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(expected, finding.Text);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("80代の母と50代の息子の世帯が増えています。")]
    [InlineData("65歳以上の一人暮らしの方が増えています。")]
    [InlineData("みなさん、子どもさん、民生委員さん、お客様、ご家族の声を聞きました。")]
    [InlineData("12月5日に公民館でサロンを開きます。")]
    public void Age_bands_statistics_and_common_nouns_with_honorifics_are_not_personal_data(string text) =>
        Assert.Empty(PersonalDataDetector.Find(text));
}
