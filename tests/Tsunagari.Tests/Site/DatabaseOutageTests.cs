using System.Net;
using Tsunagari.Tests.Infrastructure;

namespace Tsunagari.Tests.Site;

public sealed class DatabaseOutageTests(TsunagariApp app) : AppTest(app)
{
    [Fact]
    public async Task When_the_database_does_not_answer_pages_and_api_say_503_with_a_japanese_page_and_problem_details()
    {
        // The same app, pointed at a port where no database listens.
        await using var down = App.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Tsunagari", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
            builder.UseSetting("Database:MigrateOnStart", "false");
        });
        var client = down.CreateClient(new() { AllowAutoRedirect = false });

        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.True(page.Headers.Contains("Retry-After"));
        Assert.Equal("ただいま混み合っています", (await page.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);

        var api = await client.GetAsync("/api/v1/areas");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
    }
}
