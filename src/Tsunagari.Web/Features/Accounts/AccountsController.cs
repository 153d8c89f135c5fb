using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Accounts;

[Route("account")]
[AutoValidateAntiforgeryToken]
public sealed class AccountsController(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    AccountMails mails,
    TsunagariDbContext db,
    UserGrants grants,
    IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    [Authorize]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        return View(new MyAccountViewModel(user.DisplayName, user.Email ?? "", await grants.ForAsync(User, ct)));
    }

    [HttpGet("register")]
    public IActionResult Register() => View(new RegisterForm());

    [HttpPost("register")]
    [EnableRateLimiting(RateLimits.PublicPost)]
    public async Task<IActionResult> Register(RegisterForm form, [FromServices] RegisterAccount register, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        switch (await register.HandleAsync(form, ct))
        {
            case RegisterAccount.Result.Invalid invalid:
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError("", error);
                }

                return View(form);
            default:
                return RedirectToAction(nameof(RegisterDone));
        }
    }

    [HttpGet("register/done")]
    public IActionResult RegisterDone() => View();

    [HttpGet("confirm")]
    public async Task<IActionResult> Confirm(Guid userId, string? code)
    {
        var token = AccountMails.Decode(code);
        var user = token is null ? null : await users.FindByIdAsync(userId.ToString());
        var confirmed = user is not null && token is not null && (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (!confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View(confirmed);
    }

    [HttpGet("resend")]
    public IActionResult Resend() => View(new EmailForm());

    [HttpPost("resend")]
    [EnableRateLimiting(RateLimits.PublicPost)]
    public async Task<IActionResult> Resend(EmailForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is not null && !user.EmailConfirmed)
        {
            await mails.QueueConfirmationAsync(user);
            await db.SaveChangesAsync(ct);
        }

        return RedirectToAction(nameof(RegisterDone));
    }

    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/account");
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(TwoFactorLogin), new { returnUrl = form.ReturnUrl, rememberMe = form.RememberMe });
        }

        var message = result switch
        {
            { IsLockedOut: true } => l["サインインに何度も失敗したため、しばらくサインインできません。15分ほどたってから、もう一度お試しください。"],
            { IsNotAllowed: true } => l["メールアドレスの確認がまだ済んでいません。届いたメールのリンクを開いてください。"],
            _ => l["メールアドレスかパスワードが違います。"],
        };
        ModelState.AddModelError("", message);
        ViewData["NotConfirmed"] = result.IsNotAllowed;
        form.Password = "";
        return View(form);
    }

    [HttpGet("login/two-factor")]
    public async Task<IActionResult> TwoFactorLogin(string? returnUrl, bool rememberMe) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? RedirectToAction(nameof(Login))
            : View(new TwoFactorLoginForm { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [HttpPost("login/two-factor")]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> TwoFactorLogin(TwoFactorLoginForm form)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var code = TwoFactor.Normalize(form.Code);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, form.RememberMe, form.RememberMachine)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : "/account");
        }

        ModelState.AddModelError("", result.IsLockedOut
            ? l["何度も間違えたため、しばらくサインインできません。15分ほどたってから、もう一度お試しください。"]
            : l["数字が正しくないか、時間が切れています。認証アプリに今表示されている数字を入力してください。"]);
        form.Code = "";
        return View(form);
    }

    [HttpGet("two-factor")]
    [Authorize]
    public async Task<IActionResult> TwoFactorSetup(string? returnUrl)
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : View(await SetupModelAsync(user, new TwoFactorSetupForm { ReturnUrl = returnUrl }, null));
    }

    [HttpPost("two-factor")]
    [Authorize]
    public async Task<IActionResult> TwoFactorSetup(TwoFactorSetupForm form)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return View(await SetupModelAsync(user, form, null));
        }

        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, TwoFactor.Normalize(form.Code));
        if (!valid)
        {
            ModelState.AddModelError(nameof(form.Code), l["数字が正しくないか、時間が切れています。認証アプリに今表示されている数字を入力してください。"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await SetupModelAsync(user, form, null));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await signIn.RefreshSignInAsync(user);
        return View(await SetupModelAsync(user, form, codes));
    }

    private async Task<TwoFactorSetupViewModel> SetupModelAsync(AppUser user, TwoFactorSetupForm form, IReadOnlyList<string>? recoveryCodes)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var uri = TwoFactor.AuthenticatorUri(l["つながり"], user.Email ?? "", key);
        return new TwoFactorSetupViewModel(form, user.TwoFactorEnabled, TwoFactor.QrCodeDataUri(uri), TwoFactor.Readable(key),
            recoveryCodes, await users.CountRecoveryCodesAsync(user));
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [HttpGet("forgot")]
    public IActionResult Forgot() => View(new EmailForm());

    [HttpPost("forgot")]
    [EnableRateLimiting(RateLimits.PublicPost)]
    public async Task<IActionResult> Forgot(EmailForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        // The same answer whether or not the address has an account.
        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is not null && user.EmailConfirmed)
        {
            await mails.QueuePasswordResetAsync(user);
            await db.SaveChangesAsync(ct);
        }

        return View("ForgotDone");
    }

    [HttpGet("reset")]
    public IActionResult Reset(Guid userId, string? code) =>
        View(new ResetPasswordForm { UserId = userId, Code = code ?? "" });

    [HttpPost("reset")]
    public async Task<IActionResult> Reset(ResetPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByIdAsync(form.UserId.ToString());
        var token = AccountMails.Decode(form.Code);
        var result = user is null || token is null
            ? IdentityResult.Failed(users.ErrorDescriber.InvalidToken())
            : await users.ResetPasswordAsync(user, token, form.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("", error.Description);
            }

            return View(form);
        }

        // A reset also lifts a lockout: the person has proven they own the address.
        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        return View("ResetDone");
    }

    [HttpGet("denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
