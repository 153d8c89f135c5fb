using Tsunagari.Web.Features.LocalIssues;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>Japanese resource keys for the enums of this feature (views pass them through the localizer).</summary>
public static class SupportMapLabels
{
    public static string Of(SubmissionKind kind) => kind switch
    {
        SubmissionKind.Resource => "助け合いの資源",
        SubmissionKind.Gathering => "集いの場",
        _ => "気がかり",
    };

    public static string Of(SubmissionSource source) => source switch
    {
        SubmissionSource.Web => "ウェブ",
        SubmissionSource.Api => "連携アプリ",
        SubmissionSource.Phone => "電話",
        SubmissionSource.Paper => "用紙",
        _ => "会議・集まり",
    };

    public static string Of(SubmissionStatus status) => status switch
    {
        SubmissionStatus.New => "未対応",
        SubmissionStatus.Approved => "地図に公開",
        SubmissionStatus.Rejected => "公開しない",
        SubmissionStatus.Merged => "既存の居場所と同じ",
        _ => "地域課題にまとめた",
    };

    public static string Of(PointPrecision precision) => precision == PointPrecision.Exact ? "正確な場所" : "おおよその場所（約500m）";

    public static string Of(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Phone => "電話番号",
        PersonalDataKind.Email => "メールアドレス",
        PersonalDataKind.PostalCode => "郵便番号",
        PersonalDataKind.Address => "番地・部屋番号",
        PersonalDataKind.NameWithHonorific => "敬称つきの名前",
        PersonalDataKind.BirthDate => "生年月日",
        _ => "世帯と結びついた年齢",
    };

    public static string Of(IssueField field) => field switch
    {
        IssueField.Elderly => "高齢",
        IssueField.Disability => "障害",
        IssueField.Children => "子ども",
        IssueField.Poverty => "生活困窮",
        _ => "その他",
    };

    public static string Of(IssueStatus status) => status switch
    {
        IssueStatus.Open => "受付",
        IssueStatus.Considering => "検討中",
        IssueStatus.InProgress => "対応中",
        IssueStatus.Resolved => "解決",
        _ => "見送り",
    };

    /// <summary>The text cut into plain and highlighted pieces, for <c>&lt;mark&gt;</c> in views.</summary>
    public static IEnumerable<(string Text, PersonalDataKind? Kind)> Segments(string? text, IReadOnlyList<PersonalDataFinding> findings)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var at = 0;
        foreach (var finding in findings.OrderBy(f => f.Start))
        {
            if (finding.Start < at)
            {
                continue;
            }

            if (finding.Start > at)
            {
                yield return (text[at..finding.Start], null);
            }

            yield return (text.Substring(finding.Start, finding.Length), finding.Kind);
            at = finding.Start + finding.Length;
        }

        if (at < text.Length)
        {
            yield return (text[at..], null);
        }
    }
}
