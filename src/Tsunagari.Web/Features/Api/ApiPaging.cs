using System.ComponentModel.DataAnnotations;

namespace Tsunagari.Web.Features.Api;

/// <summary>Query parameters of every list endpoint (contract: <c>page</c>, <c>pageSize</c> ≤ 100).</summary>
public sealed class PageQuery
{
    [Range(1, 1_000_000, ErrorMessage = "page must be between 1 and 1000000.")]
    public int Page { get; set; } = 1;

    [Range(1, 100, ErrorMessage = "pageSize must be between 1 and 100.")]
    public int PageSize { get; set; } = 50;
}

/// <summary>One page of a list.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);
