namespace Tsunagari.Web.Features.Shared;

/// <summary>
/// Marker for the shared string resources. Keys are the Japanese text itself (the default culture), so a missing
/// translation falls back to Japanese; translations live in <c>SharedResource.{culture}.resx</c> beside this file.
/// </summary>
#pragma warning disable CA1052 // A marker type for IStringLocalizer<T> must be instantiable as a type argument.
public sealed class SharedResource;
#pragma warning restore CA1052
