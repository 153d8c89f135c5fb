using System.Globalization;
using System.Text;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>Normalises contact details so that the same person is recognised however they type them.</summary>
public static class Contacts
{
    /// <summary>Lower-case, trimmed, full-width folded (NFKC); null when empty.</summary>
    public static string? NormalizeEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        return email.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
    }

    /// <summary>Digits only (全角 too); null when empty. "090-1234-5678" and "０９０１２３４５６７８" are the same.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new StringBuilder();
        foreach (var c in phone.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    public static bool IsPlausiblePhone(string? digits) => digits is { Length: >= 10 and <= 11 } && digits[0] == '0';

    public static string KeyForUser(Guid userId) => "u:" + userId.ToString("N", CultureInfo.InvariantCulture);

    public static string KeyForGuest(string? email, string? phone) => email is not null ? "e:" + email : "p:" + phone;
}
