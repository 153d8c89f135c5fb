using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Tokens for links sent by mail ("still accurate", cancel a signup, confirm a guest signup): tamper-proof (Data
/// Protection), bound to a purpose so a token for one action never works for another, and expiring on the app's clock.
/// </summary>
public sealed class SignedLinks(IDataProtectionProvider provider, TimeProvider clock)
{
    public string Create(string purpose, string payload, TimeSpan lifetime)
    {
        var expires = (clock.GetUtcNow() + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Protector(purpose).Protect(expires + "|" + payload);
    }

    /// <summary>The payload, or null when the token is tampered with, made for another purpose, or expired.</summary>
    public string? Read(string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        string text;
        try
        {
            text = Protector(purpose).Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var separator = text.IndexOf('|', StringComparison.Ordinal);
        if (separator < 0 || !long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        return clock.GetUtcNow().ToUnixTimeSeconds() <= expires ? text[(separator + 1)..] : null;
    }

    private IDataProtector Protector(string purpose) => provider.CreateProtector("Tsunagari.SignedLinks", purpose);
}
