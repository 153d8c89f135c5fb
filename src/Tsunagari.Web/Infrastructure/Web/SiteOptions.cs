using System.ComponentModel.DataAnnotations;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>Site-wide settings (section <c>Site</c>).</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Name shown in the header, e.g. the municipality's service name.</summary>
    [Required]
    public string Name { get; set; } = "つながり";

    /// <summary>
    /// Absolute base URL used in links sent by mail. When empty, links use the request's own host, which is only
    /// safe behind a proxy that enforces <c>AllowedHosts</c>; set it in production.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The municipality's help line shown on every page, e.g. 「緑ヶ丘市 地域福祉課」. Empty hides it.</summary>
    public string HelpLineName { get; set; } = "";

    /// <summary>Its phone number as dialled, e.g. 012-345-6789.</summary>
    public string HelpLinePhone { get; set; } = "";

    /// <summary>When it answers, e.g. 平日 8:30〜17:15.</summary>
    public string HelpLineHours { get; set; } = "";
}

/// <summary>Database start-up behaviour (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply EF Core migrations when the app starts (EF Core serialises concurrent starts with a lock).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Insert the fictional demo municipality and demo accounts if they are missing.</summary>
    public bool SeedDemoData { get; set; }
}

/// <summary>Map settings (section <c>Map</c>). Without a tile URL maps show no background; lists stay complete.</summary>
public sealed class MapOptions
{
    public const string Section = "Map";

    /// <summary>A Leaflet tile URL template such as <c>https://tile.example.jp/{z}/{x}/{y}.png</c>; empty for none.</summary>
    public string TileUrl { get; set; } = "";

    public string TileAttribution { get; set; } = "";

    /// <summary>The tile server's origin, which the Content-Security-Policy must allow for images.</summary>
    public string? TileOrigin =>
        Uri.TryCreate(TileUrl.Replace("{s}", "a", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
}
