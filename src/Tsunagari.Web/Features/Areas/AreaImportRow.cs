namespace Tsunagari.Web.Features.Areas;

/// <summary>One area as read from an import file, with the line it came from for error messages.</summary>
public sealed record AreaImportRow(
    int Line,
    string Code,
    string? ParentCode,
    string Name,
    string? NameKana,
    string Level,
    int? Population,
    int? Population65,
    int? Population75,
    string? BoundaryGeoJson);

/// <summary>A problem in an import file: <see cref="Line"/> is 1-based, 0 when it concerns the whole file.</summary>
public sealed record ImportError(int Line, string Message);
