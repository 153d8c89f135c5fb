using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Features.SupportMap;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.LocalIssues;

/// <summary>
/// <c>GET/POST /api/v1/staff/issues</c> — area-scoped 地域課題 for coordinators. A summary that still holds personal
/// data is refused with 422 and the findings (kind, start, length) so an integration can point at them.
/// </summary>
[ApiController]
[Route("api/v1/staff/issues")]
[Authorize(Policy = Policies.Staff)]
public sealed class LocalIssuesApiController(TsunagariDbContext db, SupportMapAreas scope) : ControllerBase
{
    [HttpGet]
    public async Task<ActionResult<Paged<LocalIssueResponse>>> List([FromQuery] PageQuery paging, CancellationToken ct)
    {
        var ids = await scope.ScopeAsync(User, Permission.ProcessSubmissions, ct);
        if (ids.Length == 0)
        {
            return Problem(statusCode: StatusCodes.Status403Forbidden, title: "地域課題を扱う権限がありません。");
        }

        var query = db.Set<LocalIssue>().AsNoTracking().Where(i => ids.Contains(i.AreaId));
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.Month).ThenByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip((paging.Page - 1) * paging.PageSize).Take(paging.PageSize)
            .Join(db.Set<IssueCategory>(), i => i.CategoryId, c => c.Id, (i, c) => new { i, c.Code })
            .ToListAsync(ct);
        return new Paged<LocalIssueResponse>(items.Select(x => ToResponse(x.i, x.Code)).ToList(), paging.Page, paging.PageSize, total);
    }

    [HttpPost]
    public async Task<IActionResult> Create(LocalIssueRequest request, [FromHeader(Name = "Idempotency-Key")] Guid? idempotencyKey, [FromServices] CreateLocalIssue create, CancellationToken ct)
    {
        if (!Enum.TryParse<IssueField>(request.Field, ignoreCase: true, out var field) || int.TryParse(request.Field, out _))
        {
            return Unprocessable(new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["field"] = ["field は elderly、disability、children、poverty、other のどれかです。"],
            }) { Status = StatusCodes.Status422UnprocessableEntity });
        }

        var form = new LocalIssueForm
        {
            CategoryId = request.CategoryId, Field = field, AreaId = request.AreaId, Month = request.Month, Summary = request.Summary,
            SubmissionIds = request.SubmissionIds ?? [], FormKey = idempotencyKey ?? Guid.Empty,
        };
        var result = await create.HandleAsync(User, form, ct);
        switch (result)
        {
            case CreateLocalIssue.Result.Created created:
                var issue = await db.Set<LocalIssue>().AsNoTracking().SingleAsync(i => i.Id == created.Id, ct);
                var code = await db.Set<IssueCategory>().Where(c => c.Id == issue.CategoryId).Select(c => c.Code).SingleAsync(ct);
                return StatusCode(StatusCodes.Status201Created, ToResponse(issue, code));
            case CreateLocalIssue.Result.OutOfScope:
                return Problem(statusCode: StatusCodes.Status403Forbidden, title: "この地域の地域課題を作る権限がありません。");
            case CreateLocalIssue.Result.HasPersonalData pd:
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "まとめに個人が特定できる情報があります。",
                    Detail = "電話番号、メールアドレス、郵便番号、番地、敬称つきの名前、生年月日、世帯と結びついた年齢を書きかえてください。",
                };
                problem.Extensions["findings"] = pd.Findings.Select(f => new { kind = f.Kind.ToString(), start = f.Start, length = f.Length }).ToList();
                return new ObjectResult(problem) { StatusCode = StatusCodes.Status422UnprocessableEntity, ContentTypes = { "application/problem+json" } };
            default:
                var invalid = (CreateLocalIssue.Result.Invalid)result;
                return Unprocessable(new ValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [char.ToLowerInvariant(invalid.Field[0]) + invalid.Field[1..]] = [invalid.Message],
                }) { Status = StatusCodes.Status422UnprocessableEntity });
        }
    }

    private static LocalIssueResponse ToResponse(LocalIssue i, string category) => new(
        i.Id, category, i.Field.ToString().ToLowerInvariant(), i.AreaId, i.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), i.Summary,
        i.Status.ToString().ToLowerInvariant());

    /// <summary>422 with validation problem details (<c>ValidationProblem()</c> would always answer 400).</summary>
    private static ObjectResult Unprocessable(ValidationProblemDetails details)
    {
        details.Status = StatusCodes.Status422UnprocessableEntity;
        return new ObjectResult(details) { StatusCode = StatusCodes.Status422UnprocessableEntity, ContentTypes = { "application/problem+json" } };
    }
}

public sealed class LocalIssueRequest
{
    public int? CategoryId { get; set; }

    /// <summary><c>elderly</c>, <c>disability</c>, <c>children</c>, <c>poverty</c> or <c>other</c>.</summary>
    public string Field { get; set; } = "";

    public int? AreaId { get; set; }

    /// <summary>YYYY-MM.</summary>
    public string? Month { get; set; }

    public string? Summary { get; set; }

    public List<Guid>? SubmissionIds { get; set; }
}

public sealed record LocalIssueResponse(Guid Id, string Category, string Field, int AreaId, string Month, string Summary, string Status);
