using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.Api;

/// <summary>Who the caller is and which roles they hold where (cookie or bearer token).</summary>
[ApiController]
[Route("api/v1/me")]
[Authorize]
public sealed class MeApiController(UserGrants grants) : ControllerBase
{
    [HttpGet]
    public async Task<MeResponse> Get(CancellationToken ct)
    {
        UserGrants.TryGetUserId(User, out var id);
        var mine = await grants.ForAsync(User, ct);
        return new MeResponse(id, User.DisplayName(), mine.Select(g => new MeGrant(g.Role, g.AreaId, g.AreaName)).ToList());
    }
}

public sealed record MeResponse(Guid Id, string DisplayName, IReadOnlyList<MeGrant> Roles);

public sealed record MeGrant(string Role, int? AreaId, string? AreaName);
