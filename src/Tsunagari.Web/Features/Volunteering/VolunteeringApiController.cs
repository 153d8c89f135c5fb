using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Tsunagari.Web.Features.Api;
using Tsunagari.Web.Infrastructure.Auth;
using Tsunagari.Web.Infrastructure.Web;

namespace Tsunagari.Web.Features.Volunteering;

/// <summary>Opportunities (public fields only) and shift signups for integrations.</summary>
[ApiController]
[Route("api/v1")]
public sealed class VolunteeringApiController(OpportunityQuery opportunities) : ControllerBase
{
    /// <summary>Published opportunities with upcoming shifts; filter by skill id, area id (its subtree) and date.</summary>
    [HttpGet("opportunities")]
    public async Task<Paged<OpportunityListItem>> List([FromQuery] PageQuery paging, int? skill, int? area, DateOnly? from, CancellationToken ct)
    {
        var (items, total) = await opportunities.SearchAsync(skill, area, from, (paging.Page - 1) * paging.PageSize, paging.PageSize, ct);
        return new Paged<OpportunityListItem>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>
    /// Signs up for a shift: the signed-in caller, or a person without an account (name and e-mail or phone).
    /// 201 with <c>confirmed</c> or <c>waitlisted</c>; 200 with the existing signup when already signed up.
    /// </summary>
    [HttpPost("shifts/{id:int}/signups")]
    [EnableRateLimiting(RateLimits.PublicPost)]
    [ProducesResponseType<ShiftSignupResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ShiftSignupResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> SignUp(int id, ShiftSignupRequest? body, [FromServices] SignUpForShift signUp, CancellationToken ct)
    {
        SignUpForShift.Request request;
        if (UserGrants.TryGetUserId(User, out var userId))
        {
            request = new SignUpForShift.Request(id, userId, null, null, null, SignupChannel.Api);
        }
        else
        {
            var form = new GuestSignupForm { Name = body?.Name, Email = body?.Email, Phone = body?.Phone };
            var errors = new List<ValidationResult>();
            if (!Validator.TryValidateObject(form, new ValidationContext(form), errors, validateAllProperties: true))
            {
                foreach (var error in errors)
                {
                    ModelState.AddModelError(error.MemberNames.FirstOrDefault() ?? "", error.ErrorMessage ?? "");
                }

                return ValidationProblem(ModelState);
            }

            request = new SignUpForShift.Request(id, null, form.Name, form.Email, form.Phone, SignupChannel.Api);
        }

        var result = await signUp.HandleAsync(request, publishedOnly: true, ct);
        return result.Outcome switch
        {
            SignUpForShift.Outcome.NotFound => Problem(statusCode: 404, title: "活動枠が見つかりません。"),
            SignUpForShift.Outcome.Closed => Problem(statusCode: 409, title: "この日時の受付は終わりました。"),
            SignUpForShift.Outcome.Overlaps => Problem(statusCode: 409, title: "同じ時間に、ほかの活動の参加がすでに決まっています。"),
            SignUpForShift.Outcome.AlreadySignedUp => Ok(new ShiftSignupResponse(result.SignupId!.Value, result.Status!, result.WaitlistRank, null)),
            _ => StatusCode(StatusCodes.Status201Created, new ShiftSignupResponse(result.SignupId!.Value, result.Status!, result.WaitlistRank, result.CancelToken)),
        };
    }
}

public sealed class ShiftSignupRequest
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

/// <summary>
/// <c>status</c> is <c>confirmed</c> or <c>waitlisted</c>; <c>waitlistPosition</c> is 1 for the next in line. The cancel
/// token (for <c>/volunteer/signups/cancel?token=</c>) is only returned when the signup is created.
/// </summary>
public sealed record ShiftSignupResponse(Guid SignupId, string Status, int? WaitlistPosition, string? CancelToken);
