using System.ComponentModel.DataAnnotations;

namespace Tsunagari.Web.Features.Places;

/// <summary>The place form of organizers and coordinators (create and edit).</summary>
public sealed class PlaceForm : IValidatableObject
{
    [Display(Name = "名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Name { get; set; } = "";

    [Display(Name = "よみがな（カタカナ）")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? NameKana { get; set; }

    [Display(Name = "どんな場所か（紹介文）")]
    [StringLength(2000, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Description { get; set; }

    [Display(Name = "種類")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public string CategoryCode { get; set; } = "";

    [Display(Name = "地域")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public int? AreaId { get; set; }

    public List<string> Audiences { get; set; } = [];

    public List<int> Weekdays { get; set; } = [];

    [Display(Name = "日にちと時間")]
    [StringLength(300, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? ScheduleText { get; set; }

    [Display(Name = "参加費は無料")]
    public bool IsFree { get; set; }

    [Display(Name = "参加費")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? FeeText { get; set; }

    public List<string> Accessibility { get; set; } = [];

    [Display(Name = "バリアフリーについて（ほかに）")]
    [StringLength(500, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? AccessibilityNote { get; set; }

    [Display(Name = "専門職（看護師・社会福祉士など）がいることが多い")]
    public bool ProfessionalPresent { get; set; }

    [Display(Name = "民生委員がいることが多い")]
    public bool WelfareVolunteerPresent { get; set; }

    [Display(Name = "運営している団体")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? HostOrganization { get; set; }

    [Display(Name = "問い合わせの電話番号（公開されます）")]
    [StringLength(30, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    [RegularExpression(@"^[0-9０-９\-－ー（）()\s]*$", ErrorMessage = "{0}は数字とハイフンで入力してください。")]
    public string? ContactPhone { get; set; }

    [Display(Name = "問い合わせのメールアドレス（公開されます）")]
    [StringLength(254, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    [EmailAddress(ErrorMessage = "メールアドレスの形が正しくありません。")]
    public string? ContactEmail { get; set; }

    [Display(Name = "問い合わせについて（受付時間など）")]
    [StringLength(300, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? ContactNote { get; set; }

    [Display(Name = "郵便番号")]
    [RegularExpression(@"^([0-9]{3}-?[0-9]{4})?$", ErrorMessage = "{0}は「123-4567」の形で入力してください。")]
    public string? PostalCode { get; set; }

    [Display(Name = "住所（町名・丁目まで）")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? AddressArea { get; set; }

    [Display(Name = "住所（番地・建物名）")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? AddressDetail { get; set; }

    [Display(Name = "緯度")]
    [Range(20.0, 46.0, ErrorMessage = "{0}は日本の範囲（{1}〜{2}）で入力してください。")]
    public double? Latitude { get; set; }

    [Display(Name = "経度")]
    [Range(122.0, 154.0, ErrorMessage = "{0}は日本の範囲（{1}〜{2}）で入力してください。")]
    public double? Longitude { get; set; }

    [Display(Name = "地図での位置の見せ方")]
    public LocationPrecision Precision { get; set; } = LocationPrecision.Exact;

    [Display(Name = "場所の説明（建物の何階か、など）")]
    [StringLength(500, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? LocationDescription { get; set; }

    [Display(Name = "行き方")]
    [StringLength(500, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Directions { get; set; }

    [Display(Name = "公開のしかた")]
    public PlaceVisibility Visibility { get; set; } = PlaceVisibility.Public;

    [Display(Name = "受け付けの方法")]
    public string Source { get; set; } = PlaceSources.Web;

    [Display(Name = "写真（なくてもかまいません）")]
    public IFormFile? Photo { get; set; }

    [Display(Name = "写真の説明（目の見えない方のための説明）")]
    [StringLength(200, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? PhotoAlt { get; set; }

    [Display(Name = "写真を消す")]
    public bool RemovePhoto { get; set; }

    /// <summary>Idempotency key rendered into the new-place form.</summary>
    public Guid? SubmissionKey { get; set; }

    /// <summary>The row version the editor saw (optimistic concurrency).</summary>
    public uint? Version { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Latitude is null) != (Longitude is null))
        {
            yield return new ValidationResult("緯度と経度は、両方入力するか、両方空にしてください。", [nameof(Latitude)]);
        }

        if (Audiences.Any(a => !PlaceVocabulary.Audiences.Any(v => v.Code == a)))
        {
            yield return new ValidationResult("「どなた向け」は一覧から選んでください。", [nameof(Audiences)]);
        }

        if (Accessibility.Any(a => !PlaceVocabulary.Accessibility.Any(v => v.Code == a)))
        {
            yield return new ValidationResult("バリアフリーの項目は一覧から選んでください。", [nameof(Accessibility)]);
        }

        if (Weekdays.Any(d => d is < 0 or > 6))
        {
            yield return new ValidationResult("曜日は一覧から選んでください。", [nameof(Weekdays)]);
        }

        if (!string.IsNullOrWhiteSpace(NameKana) && !IsKatakana(NameKana))
        {
            yield return new ValidationResult("よみがなはカタカナで入力してください。", [nameof(NameKana)]);
        }

        if (Photo is { Length: > PhotoResizer.MaxUploadBytes })
        {
            yield return new ValidationResult("写真は8MBまでにしてください。", [nameof(Photo)]);
        }

        if (Photo is { Length: > 0 } && string.IsNullOrWhiteSpace(PhotoAlt))
        {
            yield return new ValidationResult("写真の説明を入力してください（例: 和室でお茶を飲む参加者）。", [nameof(PhotoAlt)]);
        }

        if (!Enum.IsDefined(Precision) || !Enum.IsDefined(Visibility))
        {
            yield return new ValidationResult("選べる値から選んでください。", [nameof(Precision)]);
        }
    }

    private static bool IsKatakana(string text) =>
        text.Normalize(System.Text.NormalizationForm.FormKC).All(c => c is >= '\u30A0' and <= '\u30FF' || char.IsWhiteSpace(c) || c is '・' or '　');

    public static PlaceForm From(Place p) => new()
    {
        Name = p.Name,
        NameKana = p.NameKana,
        Description = p.Description,
        CategoryCode = p.CategoryCode,
        AreaId = p.AreaId,
        Audiences = [.. p.Audiences],
        Weekdays = [.. p.Weekdays],
        ScheduleText = p.ScheduleText,
        IsFree = p.IsFree,
        FeeText = p.FeeText,
        Accessibility = [.. p.Accessibility],
        AccessibilityNote = p.AccessibilityNote,
        ProfessionalPresent = p.ProfessionalPresent,
        WelfareVolunteerPresent = p.WelfareVolunteerPresent,
        HostOrganization = p.HostOrganization,
        ContactPhone = p.ContactPhone,
        ContactEmail = p.ContactEmail,
        ContactNote = p.ContactNote,
        PostalCode = p.PostalCode,
        AddressArea = p.AddressArea,
        AddressDetail = p.AddressDetail,
        Latitude = p.Latitude,
        Longitude = p.Longitude,
        Precision = p.Precision,
        LocationDescription = p.LocationDescription,
        Directions = p.Directions,
        Visibility = p.Visibility,
        Source = p.Source,
        Version = p.Version,
    };

    /// <summary>Copies the form onto the entity (trimmed; codes de-duplicated and in vocabulary order).</summary>
    public void ApplyTo(Place p)
    {
        p.Name = Name.Trim();
        p.NameKana = (NameKana ?? "").Trim();
        p.Description = (Description ?? "").Trim();
        p.CategoryCode = CategoryCode;
        p.AreaId = AreaId!.Value;
        p.Audiences = PlaceVocabulary.Audiences.Select(a => a.Code).Where(Audiences.Contains).ToArray();
        p.Weekdays = PlaceVocabulary.Weekdays.Select(d => d.Day).Where(Weekdays.Contains).ToArray();
        p.ScheduleText = (ScheduleText ?? "").Trim();
        p.IsFree = IsFree;
        p.FeeText = (FeeText ?? "").Trim();
        p.Accessibility = PlaceVocabulary.Accessibility.Select(a => a.Code).Where(Accessibility.Contains).ToArray();
        p.AccessibilityNote = (AccessibilityNote ?? "").Trim();
        p.ProfessionalPresent = ProfessionalPresent;
        p.WelfareVolunteerPresent = WelfareVolunteerPresent;
        p.HostOrganization = (HostOrganization ?? "").Trim();
        p.ContactPhone = (ContactPhone ?? "").Trim();
        p.ContactEmail = (ContactEmail ?? "").Trim();
        p.ContactNote = (ContactNote ?? "").Trim();
        p.PostalCode = (PostalCode ?? "").Trim();
        p.AddressArea = (AddressArea ?? "").Trim();
        p.AddressDetail = (AddressDetail ?? "").Trim();
        p.Latitude = Latitude;
        p.Longitude = Longitude;
        p.Precision = Precision;
        p.LocationDescription = (LocationDescription ?? "").Trim();
        p.Directions = (Directions ?? "").Trim();
        p.Visibility = Visibility;
        p.Source = PlaceSources.StaffChoices.Contains(Source) ? Source : p.Source;
        p.RefreshSearchText();
    }
}
