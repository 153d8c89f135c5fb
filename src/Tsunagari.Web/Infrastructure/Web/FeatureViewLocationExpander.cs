using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Tsunagari.Web.Infrastructure.Web;

/// <summary>
/// Finds a controller's views in its feature folder, taken from its namespace
/// (<c>Tsunagari.Web.Features.Areas.AreasAdminController</c> → <c>/Features/Areas/</c>), then in <c>/Features/Shared/</c>.
/// </summary>
public sealed class FeatureViewLocationExpander : IViewLocationExpander
{
    private const string FeatureKey = "feature";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action
            && action.ControllerTypeInfo.Namespace is { } ns
            && ns.Split('.') is { Length: >= 4 } parts
            && parts[2] == "Features")
        {
            context.Values[FeatureKey] = parts[3];
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (context.Values.TryGetValue(FeatureKey, out var feature) && feature is not null)
        {
            yield return $"/Features/{feature}/{{0}}.cshtml";
        }

        yield return "/Features/Shared/{0}.cshtml";
    }
}
