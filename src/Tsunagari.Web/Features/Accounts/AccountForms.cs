using System.ComponentModel.DataAnnotations;

namespace Tsunagari.Web.Features.Accounts;

public sealed class RegisterForm
{
    [Display(Name = "お名前（ニックネームでもかまいません）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(50, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string DisplayName { get; set; } = "";

    [Display(Name = "メールアドレス")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [EmailAddress(ErrorMessage = "メールアドレスの形が正しくありません。")]
    [StringLength(254, ErrorMessage = "{0}は{1}文字以内で入力してください。")]
    public string Email { get; set; } = "";

    [Display(Name = "パスワード（10文字以上）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(128, MinimumLength = 10, ErrorMessage = "パスワードは{2}文字以上、{1}文字以内にしてください。")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "パスワード（確認のためもう一度）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [Compare(nameof(Password), ErrorMessage = "2つのパスワードが同じではありません。")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class LoginForm
{
    [Display(Name = "メールアドレス")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(254)]
    public string Email { get; set; } = "";

    [Display(Name = "パスワード")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(128)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "この端末でサインインしたままにする（共用のパソコンでは選ばないでください）")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class EmailForm
{
    [Display(Name = "メールアドレス")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [EmailAddress(ErrorMessage = "メールアドレスの形が正しくありません。")]
    [StringLength(254)]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordForm
{
    [Required]
    public Guid UserId { get; set; }

    [Required]
    [StringLength(2000)]
    public string Code { get; set; } = "";

    [Display(Name = "新しいパスワード（10文字以上）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(128, MinimumLength = 10, ErrorMessage = "パスワードは{2}文字以上、{1}文字以内にしてください。")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Display(Name = "新しいパスワード（確認のためもう一度）")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [Compare(nameof(Password), ErrorMessage = "2つのパスワードが同じではありません。")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";
}

public sealed record MyAccountViewModel(string DisplayName, string Email, IReadOnlyList<Infrastructure.Auth.GrantView> Grants);
