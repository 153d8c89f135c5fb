using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Tests.Infrastructure;

/// <summary>
/// The whole app against a real PostgreSQL database and a real SMTP conversation. One per test collection;
/// <see cref="ResetAsync"/> empties the database between tests.
/// </summary>
public class TsunagariApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    private TestDatabase? _database;
    private Respawner? _respawner;

    public SmtpListener Smtp { get; } = SmtpListener.Start();

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("Not started.");

    protected virtual string Purpose => "tests";

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Purpose);
        _ = Services; // builds the host: migrations run here
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Keys survive resets, as in production: the running app caches its key ring.
            TablesToIgnore = ["__EFMigrationsHistory", "data_protection_keys", "issue_categories", "volunteer_skills", "place_categories"],
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tsunagari", ConnectionString);
        builder.UseSetting("Database:SeedDemoData", "false");
        builder.UseSetting("Email:Delivery", "Smtp");
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
        builder.UseSetting("Email:Smtp:Timeout", "00:00:05");
        builder.UseSetting("Email:Dispatcher:PollInterval", "00:00:00.200");
        builder.UseSetting("Email:Dispatcher:QuietPeriod", "00:00:00.050");
        builder.UseSetting("Email:Dispatcher:BaseBackoff", "00:00:00.200");
        builder.UseSetting("Email:Dispatcher:MaxBackoff", "00:00:01");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The whole suite signs in from one address; the limits themselves are tested with a derived app.
        builder.UseSetting("RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("RateLimits:PublicPostsPerMinute", "100000");
        builder.UseSetting("SupportMap:SubmissionsPerHour", "100000");
        builder.UseSetting("SupportMap:MinFillSeconds", "0");
        // Tests refresh the council KPI rollup themselves, when their data is in place.
        builder.UseSetting("Dashboards:KpiRefreshEnabled", "false");
    }

    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await _respawner!.ResetAsync(connection);
        await Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>()
            .EvictByTagAsync(Tsunagari.Web.Infrastructure.Web.PublicPageCache.Tags.All, CancellationToken.None);
        if (Smtp.Port != 0)
        {
            Smtp.Clear();
        }
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task WithDbAsync(Func<TsunagariDbContext, Task> action) =>
        WithScopeAsync<bool>(async sp =>
        {
            await action(sp.GetRequiredService<TsunagariDbContext>());
            return true;
        });

    /// <summary>
    /// A small tree: 県 → 市 (city) → 東圏域 (east: east-1, east-2) and 西圏域 (west: west-1); and 隣町 (other-town → other-d).
    /// </summary>
    public Task<Dictionary<string, int>> SeedAreasAsync() => WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<TsunagariDbContext>();
        var areas = new Dictionary<string, Area>();
        void Add(string code, string name, string level, string? parent)
        {
            var area = new Area { Code = code, Name = name, Level = level, ParentId = parent is null ? null : areas[parent].Id };
            db.Areas.Add(area);
            areas[code] = area;
        }

        Add("pref", "テスト県", "都道府県", null);
        Add("city", "テスト市", "市町村", "pref");
        Add("east", "東圏域", "日常生活圏域", "city");
        Add("east-1", "東小学校区", "小学校区", "east");
        Add("east-2", "東第二小学校区", "小学校区", "east");
        Add("west", "西圏域", "日常生活圏域", "city");
        Add("west-1", "西小学校区", "小学校区", "west");
        Add("other-town", "となり町", "市町村", "pref");
        Add("other-d", "となり町圏域", "日常生活圏域", "other-town");
        ImportAreaTree.AssignPaths(areas.Values);
        await db.SaveChangesAsync();
        return areas.ToDictionary(kv => kv.Key, kv => kv.Value.Id);
    });

    public Task<AppUser> CreateUserAsync(string email, string name = "テスト 利用者", bool confirmed = true) => WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = confirmed, CreatedAt = DateTimeOffset.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return user;
    });

    /// <summary>Grants a role; coordinators and admins also get two-factor sign-in turned on, as they must have.</summary>
    public async Task GrantAsync(AppUser user, string role, int areaId, bool enableTwoFactor = true)
    {
        await WithDbAsync(async db =>
        {
            db.RoleGrants.Add(new RoleGrant { Id = Guid.NewGuid(), UserId = user.Id, Role = role, AreaId = areaId, GrantedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        if (enableTwoFactor && TwoFactor.RequiredFor.Contains(role))
        {
            await WithScopeAsync(async sp =>
            {
                var users = sp.GetRequiredService<UserManager<AppUser>>();
                var stored = await users.FindByIdAsync(user.Id.ToString());
                await users.ResetAuthenticatorKeyAsync(stored!);
                await users.SetTwoFactorEnabledAsync(stored!, true);
                return true;
            });
        }
    }

    /// <summary>The current code of the user's authenticator app (RFC 6238), as the phone would show it.</summary>
    public Task<string> AuthenticatorCodeAsync(string email) => WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var key = await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!);
        return new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp();
    });

    /// <summary>A cookie-keeping client signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password = Password)
    {
        var client = Browser();
        var response = await client.PostFormAsync("/account/login", "/account/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location!.OriginalString.StartsWith("/account/login/two-factor", StringComparison.Ordinal))
        {
            var location = response.Headers.Location.OriginalString;
            response = await client.PostFormAsync(location, "/account/login/two-factor", new() { ["Code"] = await AuthenticatorCodeAsync(email) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        if (_database is not null)
        {
            await _database.DropAsync();
        }

        GC.SuppressFinalize(this);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

public static class HttpClientExtensions
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return await response.ReadDocumentAsync();
    }

    public static async Task<IHtmlDocument> ReadDocumentAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(formPage);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage}.");
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The path and query of the first link in a mail's text that starts with <paramref name="path"/>.</summary>
    public static string LinkIn(this MimeKit.MimeMessage mail, string path)
    {
        var text = mail.TextBody ?? "";
        var match = System.Text.RegularExpressions.Regex.Match(text, @"https?://\S+");
        while (match.Success)
        {
            var uri = new Uri(match.Value);
            if (uri.AbsolutePath.StartsWith(path, StringComparison.Ordinal))
            {
                return uri.PathAndQuery;
            }

            match = match.NextMatch();
        }

        throw new InvalidOperationException($"No link to {path} in: {text}");
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<TsunagariApp>
{
    public const string Name = "app";
}

/// <summary>Base for tests that share the app: the database is emptied before each test.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(TsunagariApp app) : IAsyncLifetime
{
    protected TsunagariApp App { get; } = app;

    public virtual Task InitializeAsync() => App.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
