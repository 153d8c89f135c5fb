using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tsunagari.Tests.Infrastructure;
using Tsunagari.Web.Data;
using Tsunagari.Web.Infrastructure.Auth;
using Xunit.Abstractions;

namespace Tsunagari.Tests.Site;

/// <summary>
/// Stored XSS (quality.md: "Markdown and user text are rendered without raw HTML; stored-XSS payloads come back
/// inert"). Script, event-handler, <c>javascript:</c> and raw-HTML-in-Markdown payloads go in through every POST form
/// found on the app's pages and every public POST API route of the endpoint list, and straight into every free-text
/// column (for text that only staff or imports write); then every page reachable from the endpoint list is read as an
/// anonymous visitor and as an admin, and none may carry executable markup made from a payload.
/// </summary>
public sealed class StoredXssTests(TsunagariApp app, ITestOutputHelper output) : AppTest(app)
{
    private const string Marker = "xq7";

    /// <summary>Forms that end a session or delete things: posting them would only shrink what gets rendered.</summary>
    private static readonly string[] NotPosted = ["logout", "delete", "remove", "revoke", "purge", "cancel", "two-factor", "password", "lang", "display"];

    /// <summary>Routes that are not pages: no HTML to inspect.</summary>
    private static readonly string[] NotPages = ["api/", "opendata/", "dev/", "health", "openapi", "account/logout", "display"];

    private static string Payload(string tag) =>
        $"<script>{tag}()</script>\"><img src=x onerror={tag}()><a href=\"javascript:{tag}()\">a</a> [{tag}](javascript:{tag}()) <iframe src=javascript:{tag}()>";

    [Fact]
    public async Task Script_and_markup_payloads_stored_through_forms_apis_and_the_database_come_back_inert_on_every_page()
    {
        // The detector itself: the payload pasted in as raw HTML is caught (script, handler, javascript: URL, img, iframe).
        var raw = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<p>" + Payload(Marker + "raw") + "</p>");
        Assert.True(Executable(raw).Count() >= 4, string.Join("\n", Executable(raw)));

        await App.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
            return true;
        });
        int rootArea;
        await using (var connection = new NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT id FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1", connection);
            rootArea = (int)(await command.ExecuteScalarAsync())!;
        }

        var user = await App.CreateUserAsync("xss-admin@example.jp", "管理 太郎");
        await App.GrantAsync(user, Roles.Admin, rootArea);
        var anonymous = App.Browser();
        var admin = await App.SignedInAsync("xss-admin@example.jp");
        var endpoints = AppEndpoints.All(App.Services);

        // 1. Every POST form on the pages, filled with payloads, by the caller who sees it.
        var posted = new List<string>();
        var formCount = 0;
        foreach (var client in new[] { anonymous, admin })
        {
            foreach (var page in await CrawlAsync(client, endpoints, maxPerRoute: 1))
            {
                foreach (var form in page.Document.QuerySelectorAll<IHtmlFormElement>("form").Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)))
                {
                    var action = new Uri(new Uri("http://localhost" + page.Url), form.GetAttribute("action") ?? page.Url).PathAndQuery;
                    var route = endpoints.FirstOrDefault(e => e.Method == "POST" && AppEndpoints.PathMatcher(e.Pattern).IsMatch(action.Split('?')[0]));
                    if (route is null || posted.Contains(route.Pattern) || NotPosted.Any(n => action.Contains(n, StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

                    var tag = Marker + "f" + (++formCount).ToString(CultureInfo.InvariantCulture);
                    using var response = await client.PostAsync(action, new FormUrlEncodedContent(Fill(form, Payload(tag))));
                    Assert.True((int)response.StatusCode < 500, $"POST {action} → {(int)response.StatusCode}");
                    posted.Add(route.Pattern);
                }
            }
        }

        // 2. Every public POST API route, with payloads in every text property a body of ours might bind to.
        var ids = await IdsAsync();
        foreach (var api in endpoints.Where(e => e.Method == "POST" && e.IsUnder("api/") && !e.IsUnder("api/v1/staff", "api/v1/council")))
        {
            var tag = Marker + "a" + (++formCount).ToString(CultureInfo.InvariantCulture);
            var payload = Payload(tag);
            var body = new Dictionary<string, object?>
            {
                ["name"] = "名前" + payload, ["title"] = payload, ["text"] = payload, ["description"] = payload, ["summary"] = payload,
                ["note"] = payload, ["needsNote"] = payload, ["addressText"] = payload, ["registeredByName"] = payload,
                ["email"] = tag + "@example.jp", ["phone"] = "0312345678", ["partySize"] = 1, ["kind"] = "Concern",
                ["areaId"] = ids.LeafArea, ["latitude"] = 35.68, ["longitude"] = 139.76, ["consent"] = true, ["topics"] = new[] { payload },
            };
            foreach (var id in ids.All)
            {
                using var response = await admin.PostAsync(api.Url(_ => id.ToString(CultureInfo.InvariantCulture)), JsonContent.Create(body));
                Assert.True((int)response.StatusCode < 500, $"POST {api.Pattern} → {(int)response.StatusCode}");
                if (!api.HasParameters)
                {
                    break;
                }
            }
        }

        // 3. The same payloads straight into every free-text column, for text only staff, imports or seeds write.
        var planted = await PlantAsync(Payload(Marker + "db"));
        Assert.True(planted >= 10, $"Only {planted} text columns took the payload.");
        var cache = App.Services.GetRequiredService<IOutputCacheStore>();
        foreach (var tag in new[] { Tsunagari.Web.Infrastructure.Web.PublicPageCache.Tags.All, Tsunagari.Web.Features.Places.PlacesSetup.CacheTag, Tsunagari.Web.Features.Salons.SalonsSetup.CacheTag })
        {
            await cache.EvictByTagAsync(tag, CancellationToken.None);
        }

        // 4. Every page, as both callers: payload text may show (encoded); markup made from it may not.
        var failures = new List<string>();
        var shown = new Dictionary<string, int> { ["anonymous"] = 0, ["admin"] = 0 };
        foreach (var (who, client) in new[] { ("anonymous", anonymous), ("admin", admin) })
        {
            foreach (var page in await CrawlAsync(client, endpoints, maxPerRoute: 1))
            {
                failures.AddRange(Executable(page.Document).Select(f => $"{who} {page.Url}: {f}"));
                if (page.Document.Body?.TextContent.Contains("onerror=" + Marker, StringComparison.Ordinal) == true)
                {
                    shown[who]++;
                }
            }
        }

        output.WriteLine($"Posted {posted.Count} forms and {formCount - posted.Count} API calls ({string.Join(", ", posted)}); " +
            $"payload planted in {planted} columns; shown inert on {shown["anonymous"]} public and {shown["admin"]} staff-visible pages.");
        Assert.True(failures.Count == 0, $"Executable markup from stored payloads:\n{string.Join("\n", failures.Distinct().Take(40))}");
        Assert.True(posted.Count >= 5, $"Only {posted.Count} forms were posted: {string.Join(", ", posted)}");
        Assert.True(shown["anonymous"] >= 3, $"The payload showed (inert) on only {shown["anonymous"]} public pages.");
        Assert.True(shown["admin"] >= 10, $"The payload showed (inert) on only {shown["admin"]} pages for staff.");
    }

    /// <summary>What a payload would need to run: a script, an event handler, a javascript: URL, a frame, an injected img.</summary>
    private static IEnumerable<string> Executable(IHtmlDocument document)
    {
        foreach (var element in document.All)
        {
            var html = element.OuterHtml.Length > 160 ? element.OuterHtml[..160] : element.OuterHtml;
            if (element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)))
            {
                yield return "event handler attribute: " + html;
            }

            if (element.Attributes.Any(a => a.Name is "href" or "src" or "action" or "formaction" or "data" or "srcdoc"
                && (a.Value.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || a.Value.Contains(Marker, StringComparison.Ordinal) && a.Name == "srcdoc")))
            {
                yield return "javascript: URL: " + html;
            }

            if (element.LocalName is "script" or "iframe" or "object" or "embed" && (element.TextContent.Contains(Marker, StringComparison.Ordinal) || element.OuterHtml.Contains(Marker, StringComparison.Ordinal)))
            {
                yield return "injected element: " + html;
            }

            if (element.LocalName == "img" && element.GetAttribute("src") == "x")
            {
                yield return "injected img: " + html;
            }
        }
    }

    private sealed record Page(string Url, IHtmlDocument Document);

    /// <summary>
    /// The HTML pages a caller reaches: every GET route without parameters, then links from those pages to routes with
    /// parameters (at most <paramref name="maxPerRoute"/> URLs per route, so the walk stays short).
    /// </summary>
    private static async Task<List<Page>> CrawlAsync(HttpClient client, IReadOnlyList<AppEndpoint> endpoints, int maxPerRoute)
    {
        var routes = endpoints.Where(e => e.Method == "GET" && !e.IsUnder(NotPages)).ToList();
        var matchers = routes.Select(r => (r.Pattern, Matcher: AppEndpoints.PathMatcher(r.Pattern))).ToList();
        var perRoute = new Dictionary<string, int>();
        var queue = new Queue<string>(routes.Where(r => !r.HasParameters).Select(r => "/" + r.Pattern));
        var seen = new HashSet<string>(queue);
        var pages = new List<Page>();
        while (queue.Count > 0 && pages.Count < 400)
        {
            var url = queue.Dequeue();
            using var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var document = await response.ReadDocumentAsync();
            pages.Add(new Page(url, document));
            foreach (var href in document.QuerySelectorAll("a[href^='/']").Select(a => a.GetAttribute("href")!))
            {
                var path = href.Split('#')[0];
                var route = matchers.FirstOrDefault(m => m.Matcher.IsMatch(path.Split('?')[0])).Pattern;
                if (route is null || !seen.Add(path) || path.Contains("logout", StringComparison.Ordinal))
                {
                    continue;
                }

                var count = perRoute.GetValueOrDefault(route);
                if (count < maxPerRoute)
                {
                    perRoute[route] = count + 1;
                    queue.Enqueue(path);
                }
            }
        }

        return pages;
    }

    /// <summary>The form's fields as a browser would send them, text fields holding the payload.</summary>
    private static Dictionary<string, string> Fill(IHtmlFormElement form, string payload)
    {
        var today = DateTime.UtcNow.Date.AddDays(14);
        var fields = new Dictionary<string, string>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || fields.ContainsKey(name))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlTextAreaElement area:
                    fields[name] = Fit(payload, area.MaxLength);
                    break;
                case IHtmlButtonElement button when button.Type == "submit":
                    fields[name] = button.Value;
                    break;
                case IHtmlSelectElement select:
                    var option = select.Options.FirstOrDefault(o => !string.IsNullOrEmpty(o.Value));
                    if (option is not null)
                    {
                        fields[name] = option.Value;
                    }

                    break;
                case IHtmlInputElement input:
                    var value = input.Type switch
                    {
                        "hidden" or "submit" => input.Value,
                        "checkbox" or "radio" => input.Value is { Length: > 0 } v ? v : "true",
                        "email" => "xss@example.jp",
                        "tel" => "0312345678",
                        "number" => input.Minimum is { Length: > 0 } min ? min : "1",
                        "date" => today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        "time" => "10:00",
                        "datetime-local" => today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:00",
                        "month" => today.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                        "url" => "javascript:alert(1)",
                        "password" or "file" => null,
                        _ when name.Contains("mail", StringComparison.OrdinalIgnoreCase) => "xss@example.jp",
                        _ when name.Contains("phone", StringComparison.OrdinalIgnoreCase) || name.Contains("tel", StringComparison.OrdinalIgnoreCase) => "0312345678",
                        _ when name.Contains("postal", StringComparison.OrdinalIgnoreCase) => "123-4567",
                        _ when name.Contains("lat", StringComparison.OrdinalIgnoreCase) => "35.68",
                        _ when name.Contains("lon", StringComparison.OrdinalIgnoreCase) || name.Contains("lng", StringComparison.OrdinalIgnoreCase) => "139.76",
                        _ => Fit(payload, input.MaxLength),
                    };
                    if (value is not null)
                    {
                        fields[name] = value;
                    }

                    break;
            }
        }

        return fields;
    }

    private static string Fit(string payload, int maxLength) => maxLength > 0 && payload.Length > maxLength ? payload[..maxLength] : payload;

    private sealed record Ids(int LeafArea, int[] All);

    /// <summary>Ids of records the API routes with an <c>{id}</c> can act on: meetings and shifts of the demo data.</summary>
    private async Task<Ids> IdsAsync()
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT max(id) FROM areas WHERE NOT EXISTS (SELECT 1 FROM areas c WHERE c.parent_id = areas.id)),
                   ARRAY(SELECT id FROM town_meetings WHERE starts_at > now() ORDER BY id LIMIT 2)
                   || ARRAY(SELECT id FROM volunteer_shifts WHERE starts_at > now() ORDER BY id LIMIT 2)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Ids(reader.GetInt32(0), reader.GetFieldValue<int[]>(1));
    }

    /// <summary>Prefixes the payload to every free-text column of the content tables; returns how many columns took it.</summary>
    private async Task<int> PlantAsync(string payload)
    {
        string[] words = ["name", "title", "description", "summary", "text", "note", "purpose", "markdown", "venue", "host", "helps_whom",
            "location", "schedule_text", "fee", "directions", "organizers", "reason", "address_detail", "name_kana", "for_whom_text"];
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, int Length)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name, coalesce(c.character_maximum_length, 100000)
            FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('character varying', 'text')
              AND coalesce(c.character_maximum_length, 100000) >= 100
              AND c.table_name NOT IN ('audit_log', 'place_history', 'outbox_messages', 'data_protection_keys', '__EFMigrationsHistory')
              AND c.table_name NOT LIKE 'AspNet%'
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var column = reader.GetString(1);
                if (words.Any(w => column.Contains(w, StringComparison.Ordinal)) && !column.Contains("email", StringComparison.Ordinal) && column != "search_text")
                {
                    columns.Add((reader.GetString(0), column, reader.GetInt32(2)));
                }
            }
        }

        var planted = 0;
        foreach (var (table, column, length) in columns)
        {
            try
            {
                await using var update = new NpgsqlCommand($"UPDATE \"{table}\" SET \"{column}\" = left(@p || \"{column}\", {length}) WHERE \"{column}\" IS NOT NULL", connection);
                update.Parameters.AddWithValue("p", payload + " ");
                await update.ExecuteNonQueryAsync();
                planted++;
            }
            catch (PostgresException)
            {
                // a check constraint on this column (a code, not free text): leave it
            }
        }

        return planted;
    }
}
