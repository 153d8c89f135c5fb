using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary><c>GET /api/v1/staff/submissions</c> — raw entries in the caller's areas; every entry returned is an audited read.</summary>
[ApiController]
[Route("api/v1/staff/submissions")]
[Authorize(Policy = Policies.Staff)]
public sealed class SubmissionsApiController(TsunagariDbContext db, SupportMapAreas scope, AuditLog audit) : ControllerBase
{
    [HttpGet]
    public async Task<ActionResult<Paged<SubmissionResponse>>> List([FromQuery] PageQuery paging, [FromQuery] string? status, CancellationToken ct)
    {
        var ids = await scope.ScopeAsync(User, Permission.ProcessSubmissions, ct);
        if (ids.Length == 0)
        {
            return Problem(statusCode: StatusCodes.Status403Forbidden, title: "支え合いマップの投稿を読む権限がありません。");
        }

        var query = db.Set<MapSubmission>().AsNoTracking().Where(s => ids.Contains(s.AreaId));
        if (status is not null)
        {
            if (!Enum.TryParse<SubmissionStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return Problem(statusCode: StatusCodes.Status400BadRequest, title: "status は new、approved、rejected、processed のどれかです。");
            }

            query = query.Where(s => s.Status == parsed);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize).ToListAsync(ct);
        await audit.RecordReadsAsync(User, "submission", rows.Select(s => (s.Id.ToString(), (int?)s.AreaId)), "GET /api/v1/staff/submissions", ct);
        var items = rows.Select(s => new SubmissionResponse(
            s.Id, s.Kind.ToString().ToLowerInvariant(), s.Source.ToString().ToLowerInvariant(), s.Status.ToString().ToLowerInvariant(), s.AreaId,
            s.Text, s.Contact, s.AddressText, s.Latitude, s.Longitude, s.SubmittedAt, s.ReceivedOn, s.ProcessedAt, s.PurgedAt)).ToList();
        return new Paged<SubmissionResponse>(items, paging.Page, paging.PageSize, total);
    }
}

public sealed record SubmissionResponse(
    Guid Id, string Kind, string Source, string Status, int AreaId, string? Text, string? Contact, string? Address,
    double? Latitude, double? Longitude, DateTimeOffset SubmittedAt, DateOnly? ReceivedOn, DateTimeOffset? ProcessedAt, DateTimeOffset? PurgedAt);
