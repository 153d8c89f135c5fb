using System.Text;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Site;

/// <summary>
/// Every endpoint of the app, read from its own endpoint list, fed garbage by an anonymous person and by a signed-in
/// admin (who passes every policy, so the garbage reaches the handlers): broken UTF-8, HTML payloads, oversized bodies,
/// wrong JSON, out-of-range numbers, dates and coordinates, unknown ids. The answer may be any 2xx–4xx; never a 5xx.
/// </summary>
public sealed class BadInputTests(TsunagariApp app) : AppTest(app)
{
    private static readonly string[] Skipped = ["account/logout", "dev/"];

    private List<(string Method, string Pattern)> Endpoints() =>
        AppEndpoints.All(App.Services)
            .Where(e => !Skipped.Any(s => e.Pattern.StartsWith(s, StringComparison.Ordinal)) && e.Method != "OPTIONS" && e.Method != "HEAD")
            .Select(e => (e.Method, e.Pattern))
            .ToList();

    private static IEnumerable<(string Name, Func<string, HttpContent> Body)> Bodies()
    {
        static HttpContent Form(string token, byte[] raw)
        {
            var prefix = Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(token)}&");
            var content = new ByteArrayContent([.. prefix, .. raw]);
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
            return content;
        }

        static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

        var fields = new[] { "Name", "DisplayName", "Email", "Text", "Title", "Summary", "Description", "Phone", "Contact", "Query", "Reason", "Note", "Notes" };
        yield return ("form with broken UTF-8", token => Form(token, [.. Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => f + "="))), 0xFF, 0xFE, 0xC3, 0x28, .. Encoding.ASCII.GetBytes("&Email=%FF%FE%C3%28")]));
        yield return ("form with HTML payloads and out-of-range values", token => Form(token, Encoding.ASCII.GetBytes(
            string.Join('&', fields.Select(f => f + "=" + Uri.EscapeDataString("<script>alert(1)</script>\"'><img src=x onerror=alert(2)>")))
            + "&Date=9999-99-99&StartsAt=0001-01-01T00:00&Latitude=999&Longitude=-999&Lat=NaN&Lon=Infinity&Capacity=-5&PartySize=2147483648&Slots=0&AreaId=-1&Page=-3&Id=abc")));
        yield return ("oversized form", token => Form(token, Encoding.ASCII.GetBytes("Text=" + new string('a', 4_300_000))));
        yield return ("JSON that does not parse", _ => Json("{\"name\": \"unterminated"));
        yield return ("JSON with wrong types and ranges", _ => Json("{\"name\":12,\"email\":[],\"partySize\":\"many\",\"date\":\"2026-13-45\",\"latitude\":1e309,\"longitude\":\"東\",\"areaId\":-1,\"capacity\":99999999999,\"text\":null}"));
        yield return ("JSON with lone surrogates and HTML", _ => Json("{\"name\":\"\\ud800<script>\",\"text\":\"\\udfff\",\"email\":\"a@b\"}"));
    }

    private static readonly string[] GetQueries =
    [
        "",
        "?page=-1&pageSize=100000&area=abc&q=%FF%FE&from=9999-99-99&to=0000-00-00&lat=999&lon=-999&weekday=9&month=2026-13",
        "?q=" + Uri.EscapeDataString("<script>alert(1)</script>") + "&area=999999999999&page=99999999999",
    ];

    [Fact]
    public async Task No_endpoint_answers_garbage_with_a_server_error()
    {
        var areas = await App.SeedAreasAsync();
        var admin = await App.CreateUserAsync("admin@example.jp", "管理 者");
        await App.GrantAsync(admin, Roles.Admin, areas["pref"]);
        var callers = new List<(string Who, HttpClient Client, string Token)>();
        var anonymous = App.Browser();
        callers.Add(("anonymous", anonymous, await TokenAsync(anonymous, "/account/login")));
        var signedIn = await App.SignedInAsync("admin@example.jp");
        callers.Add(("admin", signedIn, await TokenAsync(signedIn, "/account")));

        // Four requests at a time (≈ 1,500 in all).
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var requests = Endpoints()
            .SelectMany(endpoint => Urls(endpoint.Pattern).Select(url => (endpoint.Method, Url: url)))
            .SelectMany(target => callers.Select(caller => (target.Method, target.Url, Caller: caller)));
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) =>
        {
            var (method, url, (who, client, token)) = item;
            if (method == "GET")
            {
                foreach (var query in GetQueries)
                {
                    await CheckAsync(client, new HttpRequestMessage(HttpMethod.Get, url + query), $"{who} GET {url}{query}");
                }

                return;
            }

            foreach (var (name, body) in Bodies())
            {
                await CheckAsync(client, new HttpRequestMessage(new HttpMethod(method), url) { Content = body(token) }, $"{who} {method} {url} ({name})");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} server errors:\n" + string.Join("\n", failures));

        async Task CheckAsync(HttpClient client, HttpRequestMessage request, string what)
        {
            using (request)
            {
                try
                {
                    using var response = await client.SendAsync(request);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{what} → {(int)response.StatusCode}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
                {
                    failures.Add($"{what} → {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        (await client.GetDocumentAsync(page)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {page}.");

    /// <summary>The pattern with unknown ids, and with ids of the wrong shape where the route allows any text.</summary>
    private static IEnumerable<string> Urls(string pattern)
    {
        if (!pattern.Contains('{', StringComparison.Ordinal))
        {
            yield return "/" + pattern;
            yield break;
        }

        yield return "/" + AppEndpoints.Fill(pattern, p => p.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "999999");
        if (!pattern.Contains(':', StringComparison.Ordinal))
        {
            yield return "/" + AppEndpoints.Fill(pattern, _ => "%E3%81%82%3Cx%3E");
            yield return "/" + AppEndpoints.Fill(pattern, _ => "-1");
        }
    }
}
