using System.Security.Claims;
using Tsunagari.Web.Data;
using Tsunagari.Web.Features.Accounts;
using Tsunagari.Web.Infrastructure.Auth;

namespace Tsunagari.Web.Infrastructure.Audit;

/// <summary>
/// Adds audit entries to the current unit of work: they are written by the same <c>SaveChanges</c> as the change they
/// record (or by <see cref="RecordReadsAsync"/> for reads), so a read that is shown is a read that is logged.
/// </summary>
public sealed class AuditLog(TsunagariDbContext db, TimeProvider clock)
{
    public void Add(ClaimsPrincipal? user, string action, string subjectType, string subjectId, int? areaId, string? detail = null)
    {
        Guid? actorId = user is not null && UserGrants.TryGetUserId(user, out var id) ? id : null;
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actorId,
            ActorName = actorId is null ? "system" : Truncate(user!.DisplayName(), 100),
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            AreaId = areaId,
            Detail = Truncate(detail, 500),
        });
    }

    /// <summary>Records reads of raw records and saves at once, before the page or response shows them.</summary>
    public async Task RecordReadsAsync(ClaimsPrincipal user, string subjectType, IEnumerable<(string Id, int? AreaId)> subjects, string detail, CancellationToken ct)
    {
        foreach (var (id, areaId) in subjects)
        {
            Add(user, AuditActions.SubmissionRead, subjectType, id, areaId, detail);
        }

        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
