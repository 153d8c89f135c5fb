using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Tests.Site;

public sealed class SignedLinksTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly SignedLinks _links;

    public SignedLinksTests() => _links = new SignedLinks(new EphemeralDataProtectionProvider(), _clock);

    [Fact]
    public void A_link_reads_back_until_it_expires_and_not_after()
    {
        var token = _links.Create("cancel-signup", "42", TimeSpan.FromDays(7));

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal("42", _links.Read("cancel-signup", token));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(_links.Read("cancel-signup", token));
    }

    [Fact]
    public void A_tampered_link_or_one_made_for_another_purpose_is_refused()
    {
        var token = _links.Create("cancel-signup", "42", TimeSpan.FromDays(7));
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Null(_links.Read("cancel-signup", tampered));
        Assert.Null(_links.Read("still-accurate", token));
        Assert.Null(_links.Read("cancel-signup", "not-a-token"));
        Assert.Null(_links.Read("cancel-signup", null));
    }
}
