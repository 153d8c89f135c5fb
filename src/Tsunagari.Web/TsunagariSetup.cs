using System.Data.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Content;
using Tsunagari.Web.Features.Dashboards;
using Tsunagari.Web.Features.Meetings;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Features.Salons;
using Tsunagari.Web.Features.Shared;
using Tsunagari.Web.Features.Staff;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Features.Volunteering;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Email;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web;

/// <summary>Composition root: everything Program.cs wires, in one readable place.</summary>
public static class TsunagariSetup
{
    public static WebApplicationBuilder AddTsunagari(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(RepositoryLayout.Locate());

        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddOptions<MapOptions>().BindConfiguration(MapOptions.Section).ValidateOnStart();

        AddData(builder);
        AddIdentityAndAuthorization(services);
        services.AddTsunagariEmail(builder.Environment);
        AddWeb(services);
        services.AddPublicPageCache(builder.Configuration);
        services.AddTsunagariRateLimits(builder.Configuration);
        services.AddTsunagariCompression();

        services.AddSingleton<SignedLinks>();
        services.AddScoped<AreaTree>();
        services.AddScoped<ImportAreaTree>();
        services.AddScoped<AreaFileReaders>();
        services.AddScoped<DemoData>();
        services.AddSingleton<ContentStore>();
        services.AddScoped<AccountMails>();
        services.AddScoped<RegisterAccount>();
        services.AddScoped<Features.RoleGrants.GrantRole>();
        services.AddScoped<Features.RoleGrants.RevokeRole>();
        services.AddHttpContextAccessor();
        services.AddScoped<Infrastructure.Audit.AuditLog>();

        // Features register their own services here, one line each: services.AddPlaces(); …
        services.AddSalons(builder.Configuration);
        services.AddSupportMap(builder.Configuration);
        services.AddMeetings(builder.Configuration);
        services.AddVolunteering(builder.Configuration);
        services.AddPlaces(builder.Configuration);
        services.AddDashboards(builder.Configuration);
        services.AddCoordinatorDashboard(builder.Configuration);

        services.AddDataProtection()
            .SetApplicationName("Tsunagari")
            .PersistKeysToDbContext<TsunagariDbContext>();
        services.AddHealthChecks().AddDbContextCheck<TsunagariDbContext>("database");
        return builder;
    }

    private static void AddData(WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Tsunagari");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Tsunagari is not set. Start the site with ./tsunagari run (it starts a database of its own) " +
                "or set ConnectionStrings__Tsunagari to your PostgreSQL server.");
        }

        connectionString = DatabaseConnectionString(connectionString);

        // Pooled contexts (ADR 020): a new context per request built EF's internal services (query translators, state
        // manager, …) anew each time, ≈ 12 % of the app's CPU under the registration burst. The context holds no state
        // of its own, and EF resets tracking and connection state when a context goes back to the pool.
        builder.Services.AddDbContextPool<TsunagariDbContext>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(3, TimeSpan.FromSeconds(1), null))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>()));
    }

    /// <summary>
    /// The configured connection string, with no session reset when a pooled connection is handed back (ADR 020): Npgsql
    /// otherwise sends seven statements (SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *; …;
    /// DISCARD TEMP) before the next command on it, ≈ 0.25 ms of PostgreSQL's CPU on every request that uses the
    /// database, half of the database's work for a registration. The app leaves nothing in a session to reset: no SET,
    /// temporary tables, cursors, LISTEN or session advisory locks (the KPI refresh takes a transaction-level one).
    /// A connection string that sets the option itself is left as it is.
    /// </summary>
    public static string DatabaseConnectionString(string configured)
    {
        // Npgsql's own builder knows every keyword whether given or not; the plain one holds only what was written.
        var given = new DbConnectionStringBuilder { ConnectionString = configured };
        if (given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("NoResetOnClose", StringComparison.OrdinalIgnoreCase)))
        {
            return configured;
        }

        return new NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true }.ConnectionString;
    }

    private static void AddIdentityAndAuthorization(IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = AuthSchemes.CookieOrBearer;
                options.DefaultChallengeScheme = AuthSchemes.CookieOrBearer;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(AuthSchemes.CookieOrBearer, AuthSchemes.CookieOrBearer, options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? IdentityConstants.BearerScheme
                        : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureApplicationCookie);

        services.AddIdentityCore<AppUser>(options =>
            {
                options.SignIn.RequireConfirmedEmail = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<TsunagariDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AppUserClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();

        services.AddScoped<UserGrants>();
        services.AddScoped<AreaAccess>();
        services.AddScoped<IAuthorizationHandler, AreaPermissionHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, policy => policy.RequireAuthenticatedUser().AddRequirements(new AnyGrantRequirement(Roles.Staff)))
            .AddPolicy(Policies.Admin, policy => policy.RequireAuthenticatedUser().AddRequirements(new AnyGrantRequirement([Roles.Admin])));
    }

    private static void ConfigureApplicationCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "tsunagari.auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = "/account/login";
        options.LogoutPath = "/account/logout";
        options.AccessDeniedPath = "/account/denied";
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = TimeSpan.FromDays(14);
        // The API answers 401/403 as problem details instead of redirecting to an HTML page.
        options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static void AddWeb(IServiceCollection services)
    {
        // Write Japanese as characters, not as &#x...; entities: half the bytes and readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Languages.Japanese);
            options.SupportedCultures = [.. Languages.Supported];
            options.SupportedUICultures = [.. Languages.Supported];
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = LanguageSwitch.QueryKey, UIQueryStringKey = LanguageSwitch.QueryKey },
                new CookieRequestCultureProvider { CookieName = LanguageSwitch.CookieName },
            ];
        });

        services.AddControllersWithViews(options => options.ModelBindingMessageProvider.UseJapaneseMessages())
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RazorViewEngineOptions>(options =>
        {
            options.ViewLocationFormats.Clear();
            options.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
            options.ViewLocationExpanders.Add(new FeatureViewLocationExpander());
        });

        services.AddProblemDetails();
        services.AddOpenApi("v1", options => options.ShouldInclude = description =>
            description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "tsunagari.af";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
    }

    public static WebApplication UseTsunagari(this WebApplication app)
    {
        // A database outage is a 503 ("try again shortly"), not a 500; everything else unexpected is a 500.
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = DatabaseOutage.StatusCodeFor });
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context), site =>
        {
            site.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error/500",
                StatusCodeSelector = DatabaseOutage.StatusCodeFor,
            });
            site.UseStatusCodePagesWithReExecute("/error/{0}");
        });

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseResponseCompression();
        app.UseStaticFiles(StaticAssets.FileOptions);
        app.UseRequestLocalization();
        app.UseMiddleware<LanguageSwitch>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<TwoFactorRequirementMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseOutputCache();

        app.MapHealthChecks("/health");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapAuthApi();
        app.MapControllers();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Applies migrations and, when configured, the idempotent demo data, before the site answers.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        if (options.MigrateOnStart)
        {
            var db = scope.ServiceProvider.GetRequiredService<TsunagariDbContext>();
            await db.Database.MigrateAsync();
        }

        if (options.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureAsync(CancellationToken.None);
        }
    }
}
