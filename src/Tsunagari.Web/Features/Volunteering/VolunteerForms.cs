using System.ComponentModel.DataAnnotations;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>Signup by a person without an account: a name and an e-mail address or a phone number.</summary>
public sealed class GuestSignupForm : IValidatableObject
{
    [Display(Name = "お名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Name { get; set; }

    [Display(Name = "メールアドレス")]
    [EmailAddress(ErrorMessage = "メールアドレスの形が正しくありません。")]
    [StringLength(254, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Email { get; set; }

    [Display(Name = "電話番号")]
    [StringLength(20, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Phone { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Phone))
        {
            yield return new ValidationResult("メールアドレスか電話番号のどちらかを入力してください。", [nameof(Email)]);
        }
        else if (!string.IsNullOrWhiteSpace(Phone) && !Contacts.IsPlausiblePhone(Contacts.NormalizePhone(Phone)))
        {
            yield return new ValidationResult("電話番号は、市外局番から10けたか11けたで入力してください。", [nameof(Phone)]);
        }
    }
}

/// <summary>A coordinator enters a signup taken by phone or on paper.</summary>
public sealed class ProxySignupForm : IValidatableObject
{
    [Display(Name = "お名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Name { get; set; }

    [Display(Name = "メールアドレス（あれば）")]
    [EmailAddress(ErrorMessage = "メールアドレスの形が正しくありません。")]
    [StringLength(254, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Email { get; set; }

    [Display(Name = "電話番号")]
    [StringLength(20, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Phone { get; set; }

    [Display(Name = "受け付けた方法")]
    [Required(ErrorMessage = "{0}を選んでください。")]
    public string Channel { get; set; } = SignupChannel.Phone;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!SignupChannel.ByProxy.Contains(Channel))
        {
            yield return new ValidationResult("受け付けた方法を選んでください。", [nameof(Channel)]);
        }

        if (string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Phone))
        {
            yield return new ValidationResult("メールアドレスか電話番号のどちらかを入力してください。", [nameof(Phone)]);
        }
        else if (!string.IsNullOrWhiteSpace(Phone) && !Contacts.IsPlausiblePhone(Contacts.NormalizePhone(Phone)))
        {
            yield return new ValidationResult("電話番号は、市外局番から10けたか11けたで入力してください。", [nameof(Phone)]);
        }
    }
}

public sealed class VolunteerProfileForm
{
    public List<int> SkillIds { get; set; } = [];

    public List<int> AreaIds { get; set; } = [];

    /// <summary>0 = Monday … 6 = Sunday.</summary>
    public List<int> Weekdays { get; set; } = [];

    /// <summary>0 = morning, 1 = afternoon, 2 = evening.</summary>
    public List<int> TimeBands { get; set; } = [];

    [Display(Name = "連絡の方法")]
    public string ContactPreference { get; set; } = "email";

    [Display(Name = "電話番号")]
    [StringLength(20, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string? Phone { get; set; }

    [Display(Name = "コーディネーターからのお誘いを受け取る")]
    public bool AcceptsInvitations { get; set; } = true;
}

public sealed class AttendanceForm
{
    public List<AttendanceRow> Rows { get; set; } = [];
}

public sealed class AttendanceRow
{
    public Guid SignupId { get; set; }

    /// <summary>"yes", "no" or "" (not recorded).</summary>
    public string? Attended { get; set; }

    [Range(0, 24, ErrorMessage = "活動時間は0から24の間で入力してください。")]
    public decimal? Hours { get; set; }
}
