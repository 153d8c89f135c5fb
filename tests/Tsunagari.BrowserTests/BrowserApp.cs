using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Tsunagari.Tests.Infrastructure;

namespace Tsunagari.BrowserTests;

/// <summary>The app on a real Kestrel port, driven by Debian's Chromium through Playwright.</summary>
public sealed class BrowserApp : TsunagariApp
{
    private IPlaywright? _playwright;

    public BrowserApp() => UseKestrel(0);

    protected override string Purpose => "browser";

    public IBrowser Chromium { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where screenshots go (<c>.data/test-artifacts</c> under <c>./tsunagari test</c>).</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("TSUNAGARI_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "artifacts");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TSUNAGARI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "ja-JP", JavaScriptEnabled = javaScript });
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}

public static class Accessibility
{
    /// <summary>Runs axe-core (WCAG 2.0–2.2 A/AA rules) on the page and fails with every violation listed.</summary>
    public static async Task AssertNoAxeViolationsAsync(this IPage page, params string[] skippedRules)
    {
        // Legacy mode: axe runs in the page itself. The default mode runs axe in each frame and then finishes in a new,
        // isolated blank page of the context (for cross-origin frames, which these pages do not have): ≈ 5 s per check
        // on 2 cores, whatever the rules, against ≈ 0.5 s. The mode is marked obsolete upstream; the version is pinned.
#pragma warning disable CS0618
        var result = await page.Locator("html").RunAxeLegacy(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions
            {
                Type = "tag",
                Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            },
            Rules = skippedRules.ToDictionary(rule => rule, _ => new Deque.AxeCore.Commons.RuleOptions { Enabled = false }),
            // Only violations come back with every node; passes and the rest (which the test does not read) with one.
            ResultTypes = [Deque.AxeCore.Commons.ResultType.Violations],
        });
#pragma warning restore CS0618
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
    }
}
