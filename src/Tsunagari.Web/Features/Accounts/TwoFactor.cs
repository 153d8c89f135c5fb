using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Accounts;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, RFC 6238, Identity's own provider). Coordinators and admins
/// see raw submissions and personal contacts, so staff pages stay closed to them until it is on.
/// </summary>
public static class TwoFactor
{
    /// <summary>Roles whose holders must use two-factor sign-in before any staff page opens.</summary>
    public static readonly string[] RequiredFor = [Roles.Coordinator, Roles.Admin];

    public static string AuthenticatorUri(string issuer, string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6";

    /// <summary>A PNG QR code as a data URI (allowed by the CSP's img-src data:), so setup needs no JavaScript.</summary>
    public static string QrCodeDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>The shared key grouped in fours, easier to type into an app by hand.</summary>
    public static string Readable(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();

    /// <summary>What people type: full-width digits, spaces, lower case. Recovery codes keep their dash.</summary>
    public static string Normalize(string code) =>
        new(code.Normalize(System.Text.NormalizationForm.FormKC).Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Select(char.ToUpperInvariant).ToArray());
}

/// <summary>Sends staff who must use two-factor sign-in, and have not turned it on, to the setup page first.</summary>
public sealed class TwoFactorRequirementMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The grants and the user manager are resolved only for a signed-in request to a staff area: building them (a
        // user manager with its validators and store, a database context) for every request cost more than the check.
        if ((context.Request.Path.StartsWithSegments("/staff") || context.Request.Path.StartsWithSegments("/council")
                || context.Request.Path.StartsWithSegments("/api/v1/staff") || context.Request.Path.StartsWithSegments("/api/v1/council"))
            && context.User.Identity?.IsAuthenticated == true
            && (await context.RequestServices.GetRequiredService<UserGrants>().ForAsync(context.User, context.RequestAborted))
                .Any(g => TwoFactor.RequiredFor.Contains(g.Role))
            && await context.RequestServices.GetRequiredService<UserManager<AppUser>>().GetUserAsync(context.User) is { TwoFactorEnabled: false })
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            context.Response.Redirect("/account/two-factor?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            return;
        }

        await next(context);
    }
}

public sealed class TwoFactorSetupForm
{
    [Display(Name = "認証アプリに表示された6桁の数字")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(10)]
    public string Code { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorLoginForm
{
    [Display(Name = "認証アプリの6桁の数字、または回復用コード")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(20)]
    public string Code { get; set; } = "";

    [Display(Name = "この端末では次回から確認を省く（共用のパソコンでは選ばないでください）")]
    public bool RememberMachine { get; set; }

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed record TwoFactorSetupViewModel(TwoFactorSetupForm Form, bool Enabled, string QrCode, string Key, IReadOnlyList<string>? RecoveryCodes, int RecoveryCodesLeft);
