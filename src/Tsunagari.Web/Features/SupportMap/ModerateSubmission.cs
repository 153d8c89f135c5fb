using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Places;
using Tsunagari.Web.Infrastructure.Audit;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Features.SupportMap;

public sealed class ApproveForm
{
    [Display(Name = "地図に出す名前")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [StringLength(100, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string Name { get; set; } = "";

    [Display(Name = "地図に出す説明")]
    [StringLength(500, ErrorMessage = "{0}は{1}文字までで入力してください。")]
    public string? Description { get; set; }

    [Display(Name = "緯度")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [Range(-90, 90, ErrorMessage = "{0}は-90から90の数です。")]
    public double? Latitude { get; set; }

    [Display(Name = "経度")]
    [Required(ErrorMessage = "{0}を入力してください。")]
    [Range(-180, 180, ErrorMessage = "{0}は-180から180の数です。")]
    public double? Longitude { get; set; }

    [Display(Name = "場所の細かさ")]
    public PointPrecision Precision { get; set; } = PointPrecision.Reduced;
}

/// <summary>A coordinator approves a 助け合いの資源 / 集いの場 as a public point, or rejects an entry. 気がかり never become public.</summary>
public sealed class ModerateSubmission(
    TsunagariDbContext db,
    AreaAccess access,
    AuditLog audit,
    VenuePlaces places,
    IOutputCacheStore cache,
    IOptions<SupportMapOptions> options,
    TimeProvider clock)
{
    public abstract record Result
    {
        public sealed record Done(Guid? PointId) : Result;

        public sealed record NotFound : Result;

        public sealed record AlreadyProcessed : Result;

        public sealed record ConcernIsNeverPublic : Result;

        /// <summary>The chosen place is not a published place of the entry's area; the reason in Japanese.</summary>
        public sealed record PlaceRefused(string Message) : Result;

        public sealed record OutOfBounds : Result;

        public sealed record HasPersonalData(IReadOnlyList<PersonalDataFinding> InName, IReadOnlyList<PersonalDataFinding> InDescription) : Result;
    }

    public async Task<Result> ApproveAsync(ClaimsPrincipal user, Guid id, ApproveForm form, CancellationToken ct)
    {
        var submission = await LoadInScopeAsync(user, id, ct);
        if (submission is null)
        {
            return new Result.NotFound();
        }

        if (submission.Kind == SubmissionKind.Concern)
        {
            return new Result.ConcernIsNeverPublic();
        }

        if (submission.Status != SubmissionStatus.New)
        {
            return new Result.AlreadyProcessed();
        }

        if (!options.Value.InBounds(form.Latitude!.Value, form.Longitude!.Value))
        {
            return new Result.OutOfBounds();
        }

        var inName = PersonalDataDetector.Find(form.Name);
        var inDescription = PersonalDataDetector.Find(form.Description);
        if (inName.Count > 0 || inDescription.Count > 0)
        {
            return new Result.HasPersonalData(inName, inDescription);
        }

        UserGrants.TryGetUserId(user, out var userId);
        var now = clock.GetUtcNow();
        var (lat, lng) = MapPoint.AtPrecision(form.Latitude.Value, form.Longitude.Value, form.Precision);
        var point = new MapPoint
        {
            Id = Guid.NewGuid(),
            SubmissionId = submission.Id,
            Kind = submission.Kind,
            Name = form.Name.Trim(),
            Description = SubmitToMap.Blank(form.Description),
            Latitude = lat,
            Longitude = lng,
            Precision = form.Precision,
            AreaId = submission.AreaId,
            ApprovedAt = now,
            ApprovedBy = userId,
        };
        db.Add(point);
        submission.Status = SubmissionStatus.Approved;
        submission.ProcessedAt = now;
        submission.ProcessedBy = userId;
        audit.Add(user, AuditActions.SubmissionApproved, "submission", submission.Id.ToString(), submission.AreaId, $"precision={form.Precision}");
        if (!await SaveAsync(ct))
        {
            return new Result.AlreadyProcessed();
        }

        await cache.EvictByTagAsync(SupportMapSetup.PointsCacheTag, ct);
        return new Result.Done(point.Id);
    }

    public async Task<Result> RejectAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var submission = await LoadInScopeAsync(user, id, ct);
        if (submission is null)
        {
            return new Result.NotFound();
        }

        if (submission.Status != SubmissionStatus.New)
        {
            return new Result.AlreadyProcessed();
        }

        UserGrants.TryGetUserId(user, out var userId);
        submission.Status = SubmissionStatus.Rejected;
        submission.ProcessedAt = clock.GetUtcNow();
        submission.ProcessedBy = userId;
        audit.Add(user, AuditActions.SubmissionRejected, "submission", submission.Id.ToString(), submission.AreaId);
        return await SaveAsync(ct) ? new Result.Done(null) : new Result.AlreadyProcessed();
    }

    /// <summary>
    /// 「既存の居場所と同じ」: the entry describes a 居場所 already listed, so nothing new is published; the entry is
    /// closed with the place recorded and audited like approval and rejection. A 気がかり is never merged.
    /// </summary>
    public async Task<Result> MergeAsync(ClaimsPrincipal user, Guid id, int placeId, CancellationToken ct)
    {
        var submission = await LoadInScopeAsync(user, id, ct);
        if (submission is null)
        {
            return new Result.NotFound();
        }

        if (submission.Kind == SubmissionKind.Concern)
        {
            return new Result.ConcernIsNeverPublic();
        }

        if (submission.Status != SubmissionStatus.New)
        {
            return new Result.AlreadyProcessed();
        }

        if (await places.CheckAsync(placeId, submission.AreaId, ct) is { } refused)
        {
            return new Result.PlaceRefused(refused);
        }

        UserGrants.TryGetUserId(user, out var userId);
        submission.Status = SubmissionStatus.Merged;
        submission.MergedPlaceId = placeId;
        submission.ProcessedAt = clock.GetUtcNow();
        submission.ProcessedBy = userId;
        audit.Add(user, AuditActions.SubmissionMerged, "submission", submission.Id.ToString(), submission.AreaId, $"place={placeId}");
        return await SaveAsync(ct) ? new Result.Done(null) : new Result.AlreadyProcessed();
    }

    /// <summary>Out of scope and unknown look the same (404): no one learns that an entry exists elsewhere.</summary>
    private async Task<MapSubmission?> LoadInScopeAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var submission = await db.Set<MapSubmission>().SingleOrDefaultAsync(s => s.Id == id, ct);
        return submission is not null && await access.CanAsync(user, Permission.ProcessSubmissions, submission.AreaId, ct) ? submission : null;
    }

    /// <summary>
    /// Two coordinators acting on one entry at once: the row version (xmin) lets the first win and the second hear
    /// "already processed"; the unique index on map_points.submission_id backs it up.
    /// </summary>
    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
            || e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
