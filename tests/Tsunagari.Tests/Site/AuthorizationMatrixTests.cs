using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Site;

/// <summary>
/// Every staff and council route, read from the app's own endpoint list, refuses anonymous people, residents and
/// volunteers. A new route without a policy fails here without anyone having to remember to add it.
/// (Area scope — staff of one area acting in another — is tested per feature, where the resources live.)
/// </summary>
public sealed partial class AuthorizationMatrixTests(TsunagariApp app) : AppTest(app)
{
    private static readonly string[] ProtectedPrefixes = ["staff", "council", "api/v1/staff", "api/v1/council"];

    private List<(string Method, string Pattern)> ProtectedEndpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && ProtectedPrefixes.Any(p => raw.TrimStart('/').StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_staff_and_council_endpoint_requires_an_authorization_policy()
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && ProtectedPrefixes.Any(p => raw.TrimStart('/').StartsWith(p, StringComparison.Ordinal)))
            .ToList();

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
        foreach (var (method, pattern) in ProtectedEndpoints())
        {
            var url = "/" + Parameter().Replace(pattern, match => Sample(match.Groups[1].Value));
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

    private static string Sample(string parameter) => parameter switch
    {
        _ when parameter.Contains(":guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        _ when parameter.Contains(":int", StringComparison.Ordinal) || parameter.Contains(":long", StringComparison.Ordinal) => "1",
        _ when parameter.Contains("date", StringComparison.OrdinalIgnoreCase) => "2026-12-01",
        _ => "1",
    };

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();
}
