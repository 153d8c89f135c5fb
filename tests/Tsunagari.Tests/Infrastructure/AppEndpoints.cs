using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tsunagari.Tests.Infrastructure;

/// <summary>One route of the app with one of its HTTP methods, as the app's own endpoint list has it.</summary>
public sealed record AppEndpoint(string Method, string Pattern, RouteEndpoint Endpoint)
{
    /// <summary>Whether the template (without its leading slash, e.g. <c>staff/meetings/{id:int}</c>) has parameters.</summary>
    public bool HasParameters => Pattern.Contains('{', StringComparison.Ordinal);

    /// <summary>The path with every <c>{parameter}</c> replaced by <paramref name="value"/>(parameter text, e.g. <c>id:int</c>).</summary>
    public string Url(Func<string, string> value) => "/" + AppEndpoints.Fill(Pattern, value);

    /// <summary>The path with a plausible value of the right shape for every parameter (see <see cref="AppEndpoints.SampleValue"/>).</summary>
    public string SampleUrl() => Url(AppEndpoints.SampleValue);

    /// <summary>Whether the template starts with one of the prefixes (plain text prefix: <c>staff</c> also covers <c>staff-x</c>).</summary>
    public bool IsUnder(params string[] prefixes) => prefixes.Any(p => Pattern.StartsWith(p, StringComparison.Ordinal));
}

/// <summary>
/// The app's routes × HTTP methods, read from its <see cref="EndpointDataSource"/>, so tests that walk "every route"
/// (authorization matrix, bad input, stored XSS, the accessibility sweep) cover a new route without anyone adding it.
/// </summary>
public static partial class AppEndpoints
{
    /// <summary>Every route endpoint × method (GET when the endpoint names none), distinct, in a stable order.</summary>
    public static IReadOnlyList<AppEndpoint> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new AppEndpoint(m, e.RoutePattern.RawText!.Trim('/'), e)))
            .DistinctBy(e => (e.Method, e.Pattern))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>Replaces each <c>{parameter}</c> of a route template with <paramref name="value"/>(parameter text).</summary>
    public static string Fill(string pattern, Func<string, string> value) => Parameter().Replace(pattern, m => value(m.Groups[1].Value));

    /// <summary>A value of the shape the route constraint asks for: a new GUID, 1, or a date.</summary>
    public static string SampleValue(string parameter) => parameter switch
    {
        _ when parameter.Contains(":guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        _ when parameter.Contains(":int", StringComparison.Ordinal) || parameter.Contains(":long", StringComparison.Ordinal) => "1",
        _ when parameter.Contains("date", StringComparison.OrdinalIgnoreCase) => "2026-12-01",
        _ => "1",
    };

    /// <summary>A regular expression that matches concrete paths of a route template (parameters as one path segment).</summary>
    public static Regex PathMatcher(string pattern) =>
        new("^/" + Parameter().Replace(Regex.Escape(pattern.Trim('/')).Replace("\\{", "{", StringComparison.Ordinal), "[^/?#]+") + "$");

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();
}
