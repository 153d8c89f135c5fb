using System.Net;
using Microsoft.AspNetCore.Authorization;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Site;

/// <summary>
/// Every staff and council route, read from the app's own endpoint list, refuses anonymous people, residents and
/// volunteers. A new route without a policy fails here without anyone having to remember to add it.
/// (Area scope — staff of one area acting in another — is tested per feature, where the resources live.)
/// </summary>
public sealed class AuthorizationMatrixTests(TsunagariApp app) : AppTest(app)
{
    private static readonly string[] ProtectedPrefixes = ["staff", "council", "api/v1/staff", "api/v1/council"];

    private List<AppEndpoint> ProtectedEndpoints() => AppEndpoints.All(App.Services).Where(e => e.IsUnder(ProtectedPrefixes)).ToList();

    [Fact]
    public void Every_staff_and_council_endpoint_requires_an_authorization_policy()
    {
        var endpoints = ProtectedEndpoints().Select(e => e.Endpoint).Distinct().ToList();

        Assert.NotEmpty(endpoints);
        var open = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null || !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
            .Select(e => e.DisplayName)
            .ToList();
        Assert.True(open.Count == 0, "Staff/council endpoints without a policy:\n" + string.Join("\n", open));
    }

    [Fact]
    public async Task Anonymous_people_residents_and_volunteers_are_refused_on_every_staff_and_council_route()
    {
        var areas = await App.SeedAreasAsync();
        await App.CreateUserAsync("resident@example.jp");
        var volunteer = await App.CreateUserAsync("volunteer@example.jp");
        await App.GrantAsync(volunteer, Roles.Volunteer, areas["city"]);
        var callers = new (string Who, HttpClient Client)[]
        {
            ("anonymous", App.Browser()),
            ("resident", await App.SignedInAsync("resident@example.jp")),
            ("volunteer", await App.SignedInAsync("volunteer@example.jp")),
        };

        var failures = new List<string>();
        foreach (var endpoint in ProtectedEndpoints())
        {
            var (method, url) = (endpoint.Method, endpoint.SampleUrl());
            foreach (var (who, client) in callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new FormUrlEncodedContent([]);
                }

                var response = await client.SendAsync(request);
                var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";
                var refused = url.StartsWith("/api/", StringComparison.Ordinal)
                    ? response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    : response.StatusCode == HttpStatusCode.Redirect
                        && location.StartsWith(who == "anonymous" ? "/account/login" : "/account/denied", StringComparison.Ordinal);
                if (!refused)
                {
                    failures.Add($"{who} {method} {url} → {(int)response.StatusCode} {location}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

}
