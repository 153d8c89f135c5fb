using Microsoft.AspNetCore.Mvc;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>The home page's "open volunteer needs": the next few published opportunities with upcoming shifts.</summary>
public sealed class OpenNeedsViewComponent(OpportunityQuery opportunities) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var (items, _) = await opportunities.SearchAsync(null, null, null, 0, 5, HttpContext.RequestAborted);
        return View("/Features/Volunteering/OpenNeeds.cshtml", items);
    }
}
