using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Tsunagari.Web.Features.Areas;
using Tsunagari.Web.Features.Content;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Home;

public sealed class HomeController(AreaTree areas, ContentStore pages) : Controller
{
    [HttpGet("/")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [PublicPageCache.Tags.Areas])]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var all = await areas.AllInTreeOrderAsync(ct);
        return View(new HomeViewModel(AreaOverview.From(all), pages.Menu(CultureInfo.CurrentUICulture)));
    }
}

public sealed record HomeViewModel(IReadOnlyList<AreaOverview> Districts, IReadOnlyList<ContentPage> Pages);

/// <summary>A 日常生活圏域-like node (depth 2 when the tree has a prefecture and a municipality above it) and its children.</summary>
public sealed record AreaOverview(AreaListItem Area, IReadOnlyList<AreaListItem> Children)
{
    public static IReadOnlyList<AreaOverview> From(IReadOnlyList<AreaListItem> all)
    {
        // The districts are the first level that has more than one node: that is what residents choose between.
        var byDepth = all.GroupBy(a => a.Depth).OrderBy(g => g.Key).ToList();
        var level = byDepth.FirstOrDefault(g => g.Count() > 1);
        if (level is null)
        {
            return [];
        }

        var children = all.ToLookup(a => a.ParentId);
        return level.Select(a => new AreaOverview(a, children[a.Id].ToList())).ToList();
    }
}
