using System.Globalization;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>
/// A signed hidden field on the entry form: when the form was shown (bots send in under a second, people do not) and
/// a nonce that makes a double submit find the first record.
/// </summary>
public sealed class SubmissionFormToken(SignedLinks links, TimeProvider clock, IOptions<SupportMapOptions> options)
{
    private const string Purpose = "map-submission-form";

    public abstract record Outcome
    {
        public sealed record Valid(Guid Nonce) : Outcome;

        public sealed record Expired : Outcome;

        public sealed record TooFast : Outcome;
    }

    public string Create() =>
        links.Create(Purpose, Guid.NewGuid().ToString("N") + "|" + clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), TimeSpan.FromHours(6));

    public Outcome Check(string? token)
    {
        var payload = links.Read(Purpose, token);
        var parts = payload?.Split('|');
        if (parts is not [var nonce, var issued] || !Guid.TryParseExact(nonce, "N", out var id)
            || !long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var issuedAt))
        {
            return new Outcome.Expired();
        }

        var elapsed = clock.GetUtcNow().ToUnixTimeSeconds() - issuedAt;
        return elapsed < options.Value.MinFillSeconds ? new Outcome.TooFast() : new Outcome.Valid(id);
    }
}
