using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Features.Shared;

namespace Tsunagari.Web.Features.Accounts;

/// <summary>Identity's validation messages through the shared resources (Japanese keys, other languages in .resx).</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    private IdentityError Error(string code, string key, params object[] args) =>
        new() { Code = code, Description = l[key, args] };

    public override IdentityError DefaultError() => Error(nameof(DefaultError), "処理できませんでした。もう一度お試しください。");

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "ほかの操作と重なりました。もう一度お試しください。");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "パスワードが違います。");

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "リンクの有効期限が切れているか、正しくありません。もう一度手続きをしてください。");

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "メールアドレスの形が正しくありません。");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "メールアドレスの形が正しくありません。");

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "このメールアドレスはすでに登録されています。");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "このメールアドレスはすでに登録されています。");

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "パスワードは{0}文字以上にしてください。", length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), "パスワードには{0}種類以上の文字を使ってください。", uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "パスワードに記号を1つ以上入れてください。");

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "パスワードに数字を1つ以上入れてください。");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "パスワードに英小文字を1つ以上入れてください。");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "パスワードに英大文字を1つ以上入れてください。");

    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "このアカウントはロックできません。");
}
