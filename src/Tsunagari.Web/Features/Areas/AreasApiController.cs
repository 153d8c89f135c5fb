using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Api;

namespace Tsunagari.Web.Features.Areas;

/// <summary><c>GET /api/v1/areas</c> — the area tree, public (names and population figures are open data).</summary>
[ApiController]
[Route("api/v1/areas")]
public sealed class AreasApiController(TsunagariDbContext db) : ControllerBase
{
    [HttpGet]
    public async Task<Paged<AreaResponse>> List([FromQuery] PageQuery paging, CancellationToken ct)
    {
        var query = db.Areas.AsNoTracking();
        var total = await query.CountAsync(ct);
        var items = await query
            .OrderBy(a => a.Depth).ThenBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize)
            .Select(a => new AreaResponse(a.Id, a.ParentId, a.Code, a.Name, a.NameKana, a.Level, a.Depth, a.Population, a.Population65, a.Population75))
            .ToListAsync(ct);
        return new Paged<AreaResponse>(items, paging.Page, paging.PageSize, total);
    }

    [HttpGet("{id:int}")]
    public async Task<ActionResult<AreaResponse>> Get(int id, CancellationToken ct)
    {
        var area = await db.Areas.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new AreaResponse(a.Id, a.ParentId, a.Code, a.Name, a.NameKana, a.Level, a.Depth, a.Population, a.Population65, a.Population75))
            .SingleOrDefaultAsync(ct);
        return area is null ? Problem(statusCode: StatusCodes.Status404NotFound, title: "Area not found") : area;
    }
}

public sealed record AreaResponse(
    int Id, int? ParentId, string Code, string Name, string? NameKana, string Level, int Depth,
    int? Population, int? Population65, int? Population75);
