namespace Tsunagari.Web.Features.SupportMap;

/// <summary>Settings of the 支え合いマップ and 地域課題 (section <c>SupportMap</c>).</summary>
public sealed class SupportMapOptions
{
    public const string Section = "SupportMap";

    /// <summary>Days after processing when raw personal fields are purged (product.md: default 90).</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>The area level 地域課題 are generalised to, e.g. 小学校区.</summary>
    public string ReportingLevel { get; set; } = "小学校区";

    /// <summary>The level name that marks a municipality in the area tree (per-municipality settings hang on it).</summary>
    public string MunicipalityLevel { get; set; } = "市町村";

    /// <summary>Per-municipality overrides, keyed by the municipality's area code.</summary>
    public Dictionary<string, MunicipalitySettings> Municipalities { get; set; } = [];

    /// <summary>A form sent faster than this is a bot: people take longer to read and type.</summary>
    public int MinFillSeconds { get; set; } = 3;

    /// <summary>Per client address (rate limit on public submissions).</summary>
    public int SubmissionsPerHour { get; set; } = 10;

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Points must lie in this box (default: Japan).</summary>
    public double MinLatitude { get; set; } = 20;

    public double MaxLatitude { get; set; } = 46;

    public double MinLongitude { get; set; } = 122;

    public double MaxLongitude { get; set; } = 154;

    public bool InBounds(double latitude, double longitude) =>
        latitude >= MinLatitude && latitude <= MaxLatitude && longitude >= MinLongitude && longitude <= MaxLongitude;
}

public sealed class MunicipalitySettings
{
    public int? RetentionDays { get; set; }

    public string? ReportingLevel { get; set; }
}
