using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Tsunagari.Web.Features.Areas;

namespace Tsunagari.Web.Infrastructure.Auth;

public static class Policies
{
    /// <summary>Holds at least one staff role somewhere (opens <c>/staff</c>); features then check the area.</summary>
    public const string Staff = "Staff";

    /// <summary>Holds the Admin role somewhere.</summary>
    public const string Admin = "Admin";
}

public static class AuthSchemes
{
    /// <summary>Cookies for pages, Identity bearer tokens for integrations; chosen per request.</summary>
    public const string CookieOrBearer = "CookieOrBearer";
}

/// <summary>"May this user do <see cref="Permission"/> in this area?" — evaluated against an <see cref="AreaResource"/>.</summary>
public sealed record AreaPermissionRequirement(Permission Permission) : IAuthorizationRequirement;

/// <summary>The area an action touches, by its materialised path.</summary>
public sealed record AreaResource(int AreaId, string Path);

/// <summary>Holds any of the given roles on any area.</summary>
public sealed record AnyGrantRequirement(IReadOnlyCollection<string> Roles) : IAuthorizationRequirement;

public sealed class AreaPermissionHandler(UserGrants grants) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            switch (requirement)
            {
                case AreaPermissionRequirement area when context.Resource is AreaResource resource:
                    if (await grants.AllowsAsync(context.User, area.Permission, resource.Path))
                    {
                        context.Succeed(requirement);
                    }

                    break;
                case AnyGrantRequirement any:
                    if ((await grants.ForAsync(context.User)).Any(g => any.Roles.Contains(g.Role)))
                    {
                        context.Succeed(requirement);
                    }

                    break;
            }
        }
    }
}

/// <summary>The one entry point features use for area-scoped checks.</summary>
public sealed class AreaAccess(IAuthorizationService authorization, AreaTree areas)
{
    /// <summary>False for unknown areas as well, so callers answer 404/403 without a second query.</summary>
    public async Task<bool> CanAsync(ClaimsPrincipal user, Permission permission, int areaId, CancellationToken ct = default)
    {
        var path = await areas.PathOfAsync(areaId, ct);
        if (path is null)
        {
            return false;
        }

        var result = await authorization.AuthorizeAsync(user, new AreaResource(areaId, path), new AreaPermissionRequirement(permission));
        return result.Succeeded;
    }
}
