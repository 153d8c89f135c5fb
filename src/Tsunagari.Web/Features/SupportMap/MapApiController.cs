using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.SupportMap;

/// <summary>
/// <c>GET /api/v1/map/points</c> (approved points at public precision) and <c>POST /api/v1/map/submissions</c>
/// (a resident's entry through an integration; an <c>Idempotency-Key</c> header makes retries safe).
/// </summary>
[ApiController]
[Route("api/v1/map")]
public sealed class MapApiController(TsunagariDbContext db) : ControllerBase
{
    [HttpGet("points")]
    [OutputCache(PolicyName = PublicPageCache.Policy, Tags = [SupportMapSetup.PointsCacheTag])]
    public async Task<Paged<MapPointResponse>> Points([FromQuery] PageQuery paging, CancellationToken ct)
    {
        var query = db.Set<MapPoint>().AsNoTracking();
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.AreaId).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize)
            .Select(p => new MapPointResponse(p.Id, p.Kind == SubmissionKind.Resource ? "resource" : "gathering", p.Name, p.Description,
                p.Latitude, p.Longitude, p.Precision == PointPrecision.Exact ? "exact" : "reduced", p.AreaId))
            .ToListAsync(ct);
        return new Paged<MapPointResponse>(items, paging.Page, paging.PageSize, total);
    }

    [HttpPost("submissions")]
    [EnableRateLimiting(SupportMapSetup.SubmissionRateLimit)]
    public async Task<IActionResult> Submit(
        MapSubmissionRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromServices] SubmitToMap submit,
        CancellationToken ct)
    {
        SubmissionKind? kind = request.Kind switch
        {
            "resource" => SubmissionKind.Resource,
            "gathering" => SubmissionKind.Gathering,
            "concern" => SubmissionKind.Concern,
            _ => null,
        };
        if (kind is null)
        {
            return Unprocessable(new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["kind"] = ["kind は resource、gathering、concern のどれかです。"],
            }) { Status = StatusCodes.Status422UnprocessableEntity });
        }

        if (idempotencyKey is { Length: > 80 })
        {
            return Problem(statusCode: StatusCodes.Status400BadRequest, title: "Idempotency-Key は80文字までです。");
        }

        var form = new MapSubmissionForm
        {
            Kind = kind, AreaId = request.AreaId, Latitude = request.Latitude, Longitude = request.Longitude, Address = request.Address,
            Text = request.Text, Contact = request.Contact, Consent = request.Consent,
        };
        var result = await submit.HandleAsync(form, SubmissionSource.Api, User, idempotencyKey is null ? null : "api:" + idempotencyKey, ct);
        if (result is SubmitToMap.Result.Invalid invalid)
        {
            return Unprocessable(new ValidationProblemDetails(invalid.Errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }))
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "投稿を受け付けられませんでした。",
            });
        }

        var accepted = (SubmitToMap.Result.Accepted)result;
        // Only the id: nothing of what was sent comes back, and the raw entry has no public URL.
        return StatusCode(StatusCodes.Status201Created, new MapSubmissionResponse(accepted.Id, "received"));
    }

    /// <summary>422 with validation problem details (<c>ValidationProblem()</c> would always answer 400).</summary>
    private static ObjectResult Unprocessable(ValidationProblemDetails details)
    {
        details.Status = StatusCodes.Status422UnprocessableEntity;
        return new ObjectResult(details) { StatusCode = StatusCodes.Status422UnprocessableEntity, ContentTypes = { "application/problem+json" } };
    }
}

public sealed class MapSubmissionRequest
{
    /// <summary><c>resource</c> (助け合いの資源), <c>gathering</c> (集いの場) or <c>concern</c> (気がかり).</summary>
    [Required]
    public string Kind { get; set; } = "";

    public int? AreaId { get; set; }

    [Range(-90, 90)]
    public double? Latitude { get; set; }

    [Range(-180, 180)]
    public double? Longitude { get; set; }

    [StringLength(SubmissionLimits.Address)]
    public string? Address { get; set; }

    [Required]
    [StringLength(SubmissionLimits.Text)]
    public string Text { get; set; } = "";

    [StringLength(SubmissionLimits.Contact)]
    public string? Contact { get; set; }

    /// <summary>The resident agreed that the area's coordinators read the entry (required).</summary>
    public bool Consent { get; set; }
}

public sealed record MapSubmissionResponse(Guid Id, string Status);

public sealed record MapPointResponse(Guid Id, string Kind, string Name, string? Description, double Latitude, double Longitude, string Precision, int AreaId);
